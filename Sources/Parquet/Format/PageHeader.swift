/// parquet.thrift `PageHeader` and the per-kind headers it carries.
public struct PageHeader: Hashable, Sendable {
    public var type: PageType
    public var uncompressedPageSize: Int32
    public var compressedPageSize: Int32
    public var crc: Int32?
    public var dataPageHeader: DataPageHeader?
    public var dictionaryPageHeader: DictionaryPageHeader?
    public var dataPageHeaderV2: DataPageHeaderV2?

    public init(type: PageType, uncompressedPageSize: Int32, compressedPageSize: Int32,
                dataPageHeader: DataPageHeader? = nil, dictionaryPageHeader: DictionaryPageHeader? = nil,
                dataPageHeaderV2: DataPageHeaderV2? = nil) {
        self.type = type
        self.uncompressedPageSize = uncompressedPageSize
        self.compressedPageSize = compressedPageSize
        self.dataPageHeader = dataPageHeader
        self.dictionaryPageHeader = dictionaryPageHeader
        self.dataPageHeaderV2 = dataPageHeaderV2
    }

    /// `statistics: false` skips the data page's statistics undecoded: a reader decoding the page's values
    /// has no use for them, and they cost allocations on every page.
    public init(from r: inout ThriftCompactReader, statistics: Bool = true) throws {
        try r.beginStruct()
        defer { r.endStruct() }
        var type: PageType?, uncompressed: Int32?, compressed: Int32?
        while let f = try r.nextField() {
            switch (f.id, f.type) {
            case (1, .i32): type = PageType(rawValue: try r.readI32())
            case (2, .i32): uncompressed = try r.readI32()
            case (3, .i32): compressed = try r.readI32()
            case (4, .i32): crc = try r.readI32()
            case (5, .structure): dataPageHeader = try DataPageHeader(from: &r, statistics: statistics)
            case (7, .structure): dictionaryPageHeader = try DictionaryPageHeader(from: &r)
            case (8, .structure): dataPageHeaderV2 = try DataPageHeaderV2(from: &r, statistics: statistics)
            default: try r.skip(f.type)
            }
        }
        guard let type, let uncompressed, let compressed else { throw ParquetError.corrupt("PageHeader misses a required field") }
        guard uncompressed >= 0, compressed >= 0 else { throw ParquetError.corrupt("PageHeader has a negative page size") }
        self.type = type
        self.uncompressedPageSize = uncompressed
        self.compressedPageSize = compressed
    }

    public func encode(to w: inout ThriftCompactWriter) {
        w.beginStruct()
        w.writeI32(field: 1, type.rawValue)
        w.writeI32(field: 2, uncompressedPageSize)
        w.writeI32(field: 3, compressedPageSize)
        if let crc { w.writeI32(field: 4, crc) }
        if let dataPageHeader { w.writeStructFieldHeader(5); dataPageHeader.encode(to: &w) }
        if let dictionaryPageHeader { w.writeStructFieldHeader(7); dictionaryPageHeader.encode(to: &w) }
        if let dataPageHeaderV2 { w.writeStructFieldHeader(8); dataPageHeaderV2.encode(to: &w) }
        w.endStruct()
    }
}

public struct DataPageHeader: Hashable, Sendable {
    public var numValues: Int32
    public var encoding: Encoding
    public var definitionLevelEncoding: Encoding
    public var repetitionLevelEncoding: Encoding
    public var statistics: Statistics?

    public init(numValues: Int32, encoding: Encoding, definitionLevelEncoding: Encoding = .rle,
                repetitionLevelEncoding: Encoding = .rle, statistics: Statistics? = nil) {
        self.numValues = numValues
        self.encoding = encoding
        self.definitionLevelEncoding = definitionLevelEncoding
        self.repetitionLevelEncoding = repetitionLevelEncoding
        self.statistics = statistics
    }

    public init(from r: inout ThriftCompactReader, statistics readsStatistics: Bool = true) throws {
        try r.beginStruct()
        defer { r.endStruct() }
        var numValues: Int32?, encoding: Encoding?
        var definition = Encoding.rle, repetition = Encoding.rle
        var statistics: Statistics?
        while let f = try r.nextField() {
            switch (f.id, f.type) {
            case (1, .i32): numValues = try r.readI32()
            case (2, .i32): encoding = Encoding(rawValue: try r.readI32())
            case (3, .i32): definition = Encoding(rawValue: try r.readI32())
            case (4, .i32): repetition = Encoding(rawValue: try r.readI32())
            case (5, .structure) where readsStatistics: statistics = try Statistics(from: &r)
            default: try r.skip(f.type)
            }
        }
        guard let numValues, let encoding, numValues >= 0 else { throw ParquetError.corrupt("DataPageHeader misses num_values or encoding") }
        self.init(numValues: numValues, encoding: encoding, definitionLevelEncoding: definition,
                  repetitionLevelEncoding: repetition, statistics: statistics)
    }

    public func encode(to w: inout ThriftCompactWriter) {
        w.beginStruct()
        w.writeI32(field: 1, numValues)
        w.writeI32(field: 2, encoding.rawValue)
        w.writeI32(field: 3, definitionLevelEncoding.rawValue)
        w.writeI32(field: 4, repetitionLevelEncoding.rawValue)
        if let statistics { w.writeStructFieldHeader(5); statistics.encode(to: &w) }
        w.endStruct()
    }
}

public struct DictionaryPageHeader: Hashable, Sendable {
    public var numValues: Int32
    public var encoding: Encoding
    public var isSorted: Bool?

    public init(numValues: Int32, encoding: Encoding = .plain, isSorted: Bool? = nil) {
        self.numValues = numValues
        self.encoding = encoding
        self.isSorted = isSorted
    }

    public init(from r: inout ThriftCompactReader) throws {
        try r.beginStruct()
        defer { r.endStruct() }
        var numValues: Int32?, encoding: Encoding?, sorted: Bool?
        while let f = try r.nextField() {
            switch (f.id, f.type) {
            case (1, .i32): numValues = try r.readI32()
            case (2, .i32): encoding = Encoding(rawValue: try r.readI32())
            case (3, .boolTrue): sorted = try r.readBool()
            default: try r.skip(f.type)
            }
        }
        guard let numValues, let encoding, numValues >= 0 else { throw ParquetError.corrupt("DictionaryPageHeader misses num_values or encoding") }
        self.init(numValues: numValues, encoding: encoding, isSorted: sorted)
    }

    public func encode(to w: inout ThriftCompactWriter) {
        w.beginStruct()
        w.writeI32(field: 1, numValues)
        w.writeI32(field: 2, encoding.rawValue)
        if let isSorted { w.writeBool(field: 3, isSorted) }
        w.endStruct()
    }
}

public struct DataPageHeaderV2: Hashable, Sendable {
    public var numValues: Int32
    public var numNulls: Int32
    public var numRows: Int32
    public var encoding: Encoding
    public var definitionLevelsByteLength: Int32
    public var repetitionLevelsByteLength: Int32
    public var isCompressed: Bool
    public var statistics: Statistics?

    public init(numValues: Int32, numNulls: Int32, numRows: Int32, encoding: Encoding, definitionLevelsByteLength: Int32,
                repetitionLevelsByteLength: Int32, isCompressed: Bool = true, statistics: Statistics? = nil) {
        self.numValues = numValues
        self.numNulls = numNulls
        self.numRows = numRows
        self.encoding = encoding
        self.definitionLevelsByteLength = definitionLevelsByteLength
        self.repetitionLevelsByteLength = repetitionLevelsByteLength
        self.isCompressed = isCompressed
        self.statistics = statistics
    }

    public init(from r: inout ThriftCompactReader, statistics readsStatistics: Bool = true) throws {
        try r.beginStruct()
        defer { r.endStruct() }
        var values: Int32?, nulls: Int32?, rows: Int32?, encoding: Encoding?, defLength: Int32?, repLength: Int32?
        var compressed = true
        var statistics: Statistics?
        while let f = try r.nextField() {
            switch (f.id, f.type) {
            case (1, .i32): values = try r.readI32()
            case (2, .i32): nulls = try r.readI32()
            case (3, .i32): rows = try r.readI32()
            case (4, .i32): encoding = Encoding(rawValue: try r.readI32())
            case (5, .i32): defLength = try r.readI32()
            case (6, .i32): repLength = try r.readI32()
            case (7, .boolTrue): compressed = try r.readBool()
            case (8, .structure) where readsStatistics: statistics = try Statistics(from: &r)
            default: try r.skip(f.type)
            }
        }
        guard let values, let nulls, let rows, let encoding, let defLength, let repLength,
              values >= 0, nulls >= 0, rows >= 0, defLength >= 0, repLength >= 0 else {
            throw ParquetError.corrupt("DataPageHeaderV2 misses or has invalid required fields")
        }
        self.init(numValues: values, numNulls: nulls, numRows: rows, encoding: encoding, definitionLevelsByteLength: defLength,
                  repetitionLevelsByteLength: repLength, isCompressed: compressed, statistics: statistics)
    }

    public func encode(to w: inout ThriftCompactWriter) {
        w.beginStruct()
        w.writeI32(field: 1, numValues)
        w.writeI32(field: 2, numNulls)
        w.writeI32(field: 3, numRows)
        w.writeI32(field: 4, encoding.rawValue)
        w.writeI32(field: 5, definitionLevelsByteLength)
        w.writeI32(field: 6, repetitionLevelsByteLength)
        w.writeBool(field: 7, isCompressed)
        if let statistics { w.writeStructFieldHeader(8); statistics.encode(to: &w) }
        w.endStruct()
    }
}
