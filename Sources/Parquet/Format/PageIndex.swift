/// parquet.thrift `ColumnIndex`, `OffsetIndex` and `PageLocation`: the page index, which lets a reader skip
/// pages by statistics and find the pages of a row range without reading the pages in between.
public struct ColumnIndex: Hashable, Sendable {
    public var nullPages: [Bool]
    public var minValues: [[UInt8]]
    public var maxValues: [[UInt8]]
    public var boundaryOrder: BoundaryOrder
    public var nullCounts: [Int64]?

    public init(nullPages: [Bool], minValues: [[UInt8]], maxValues: [[UInt8]], boundaryOrder: BoundaryOrder, nullCounts: [Int64]?) {
        self.nullPages = nullPages
        self.minValues = minValues
        self.maxValues = maxValues
        self.boundaryOrder = boundaryOrder
        self.nullCounts = nullCounts
    }

    public init(from r: inout ThriftCompactReader) throws {
        let decoded = try Self.decode(from: &r) { try $0.readBinary() }
        self.init(nullPages: decoded.nullPages, minValues: decoded.mins, maxValues: decoded.maxs, boundaryOrder: decoded.order,
                  nullCounts: decoded.nullCounts)
    }

    /// Each page's min and max of a fixed-width column as the little-endian integers its statistics hold
    /// (nil for a page of nulls only), read without an array per value.
    public static func integerBounds(from r: inout ThriftCompactReader) throws -> [(min: UInt64, max: UInt64)?] {
        let decoded = try decode(from: &r) { try $0.readBinaryAsLittleEndianInteger() }
        return decoded.nullPages.indices.map { i in
            guard !decoded.nullPages[i], let min = decoded.mins[i], let max = decoded.maxs[i] else { return nil }
            return (min, max)
        }
    }

    /// The struct's fields, each min and max decoded by `bound`.
    private static func decode<Bound>(from r: inout ThriftCompactReader, bound: (inout ThriftCompactReader) throws -> Bound) throws
        -> (nullPages: [Bool], mins: [Bound], maxs: [Bound], order: BoundaryOrder, nullCounts: [Int64]?) {
        try r.beginStruct()
        defer { r.endStruct() }
        var nullPages: [Bool]?, mins: [Bound]?, maxs: [Bound]?, order: BoundaryOrder?, nullCounts: [Int64]?
        while let f = try r.nextField() {
            switch (f.id, f.type) {
            case (1, .list): nullPages = try r.readList(of: .boolTrue) { try $0.readBool() }
            case (2, .list): mins = try r.readList(of: .binary, bound)
            case (3, .list): maxs = try r.readList(of: .binary, bound)
            case (4, .i32): order = BoundaryOrder(rawValue: try r.readI32())
            case (5, .list): nullCounts = try r.readList(of: .i64) { try $0.readI64() }
            default: try r.skip(f.type)
            }
        }
        guard let nullPages, let mins, let maxs, let order, mins.count == nullPages.count, maxs.count == nullPages.count,
              nullCounts == nil || nullCounts!.count == nullPages.count else {
            throw ParquetError.corrupt("ColumnIndex misses fields or its lists differ in length")
        }
        return (nullPages, mins, maxs, order, nullCounts)
    }

    public func encode(to w: inout ThriftCompactWriter) {
        w.beginStruct()
        w.beginList(field: 1, elementType: .boolTrue, count: nullPages.count)
        for page in nullPages { w.writeBoolElement(page) }
        w.beginList(field: 2, elementType: .binary, count: minValues.count)
        for v in minValues { w.writeBinaryElement(v) }
        w.beginList(field: 3, elementType: .binary, count: maxValues.count)
        for v in maxValues { w.writeBinaryElement(v) }
        w.writeI32(field: 4, boundaryOrder.rawValue)
        if let nullCounts {
            w.beginList(field: 5, elementType: .i64, count: nullCounts.count)
            for n in nullCounts { w.writeI64Element(n) }
        }
        w.endStruct()
    }
}

public struct PageLocation: Hashable, Sendable {
    public var offset: Int64
    public var compressedPageSize: Int32
    public var firstRowIndex: Int64

    public init(offset: Int64, compressedPageSize: Int32, firstRowIndex: Int64) {
        self.offset = offset
        self.compressedPageSize = compressedPageSize
        self.firstRowIndex = firstRowIndex
    }

    public init(from r: inout ThriftCompactReader) throws {
        try r.beginStruct()
        defer { r.endStruct() }
        var offset: Int64?, size: Int32?, first: Int64?
        while let f = try r.nextField() {
            switch (f.id, f.type) {
            case (1, .i64): offset = try r.readI64()
            case (2, .i32): size = try r.readI32()
            case (3, .i64): first = try r.readI64()
            default: try r.skip(f.type)
            }
        }
        guard let offset, let size, let first, offset >= 0, size >= 0, first >= 0 else {
            throw ParquetError.corrupt("PageLocation misses or has invalid fields")
        }
        self.init(offset: offset, compressedPageSize: size, firstRowIndex: first)
    }

    public func encode(to w: inout ThriftCompactWriter) {
        w.beginStruct()
        w.writeI64(field: 1, offset)
        w.writeI32(field: 2, compressedPageSize)
        w.writeI64(field: 3, firstRowIndex)
        w.endStruct()
    }
}

public struct OffsetIndex: Hashable, Sendable {
    public var pageLocations: [PageLocation]

    public init(pageLocations: [PageLocation]) { self.pageLocations = pageLocations }

    public init(from r: inout ThriftCompactReader) throws {
        try r.beginStruct()
        defer { r.endStruct() }
        var locations: [PageLocation]?
        while let f = try r.nextField() {
            switch (f.id, f.type) {
            case (1, .list): locations = try r.readList(of: .structure) { try PageLocation(from: &$0) }
            default: try r.skip(f.type)
            }
        }
        guard let locations else { throw ParquetError.corrupt("OffsetIndex without page locations") }
        self.pageLocations = locations
    }

    public func encode(to w: inout ThriftCompactWriter) {
        w.beginStruct()
        w.beginList(field: 1, elementType: .structure, count: pageLocations.count)
        for location in pageLocations { location.encode(to: &w) }
        w.endStruct()
    }
}
