/// parquet.thrift `Statistics`: bounds are PLAIN-encoded values (legacy `min`/`max` fields 1–2 are read as
/// a fallback but never written: their sort order is undefined for unsigned and byte-array columns).
public struct Statistics: Hashable, Sendable {
    public var max: [UInt8]?
    public var min: [UInt8]?
    public var nullCount: Int64?
    public var distinctCount: Int64?
    public var maxValue: [UInt8]?
    public var minValue: [UInt8]?
    public var isMaxValueExact: Bool?
    public var isMinValueExact: Bool?

    public init(minValue: [UInt8]? = nil, maxValue: [UInt8]? = nil, nullCount: Int64? = nil,
                isMinValueExact: Bool? = nil, isMaxValueExact: Bool? = nil) {
        self.minValue = minValue
        self.maxValue = maxValue
        self.nullCount = nullCount
        self.isMinValueExact = isMinValueExact
        self.isMaxValueExact = isMaxValueExact
    }

    public init(from r: inout ThriftCompactReader) throws {
        try r.beginStruct()
        defer { r.endStruct() }
        while let f = try r.nextField() {
            switch (f.id, f.type) {
            case (1, .binary): max = try r.readBinary()
            case (2, .binary): min = try r.readBinary()
            case (3, .i64): nullCount = try r.readI64()
            case (4, .i64): distinctCount = try r.readI64()
            case (5, .binary): maxValue = try r.readBinary()
            case (6, .binary): minValue = try r.readBinary()
            case (7, .boolTrue): isMaxValueExact = try r.readBool()
            case (8, .boolTrue): isMinValueExact = try r.readBool()
            default: try r.skip(f.type)
            }
        }
    }

    public func encode(to w: inout ThriftCompactWriter) {
        w.beginStruct()
        if let max { w.writeBinary(field: 1, max) }
        if let min { w.writeBinary(field: 2, min) }
        if let nullCount { w.writeI64(field: 3, nullCount) }
        if let distinctCount { w.writeI64(field: 4, distinctCount) }
        if let maxValue { w.writeBinary(field: 5, maxValue) }
        if let minValue { w.writeBinary(field: 6, minValue) }
        if let isMaxValueExact { w.writeBool(field: 7, isMaxValueExact) }
        if let isMinValueExact { w.writeBool(field: 8, isMinValueExact) }
        w.endStruct()
    }
}
