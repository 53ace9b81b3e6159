/// parquet.thrift `ColumnChunk` and `ColumnMetaData`: where one column of one row group lives.
public struct ColumnChunk: Hashable, Sendable {
    public var filePath: String?
    public var fileOffset: Int64
    public var metaData: ColumnMetaData?
    public var offsetIndexOffset: Int64?
    public var offsetIndexLength: Int32?
    public var columnIndexOffset: Int64?
    public var columnIndexLength: Int32?

    public init(fileOffset: Int64, metaData: ColumnMetaData) {
        self.fileOffset = fileOffset
        self.metaData = metaData
    }

    public init(from r: inout ThriftCompactReader) throws {
        try r.beginStruct()
        defer { r.endStruct() }
        fileOffset = 0
        while let f = try r.nextField() {
            switch (f.id, f.type) {
            case (1, .binary): filePath = try r.readString()
            case (2, .i64): fileOffset = try r.readI64()
            case (3, .structure): metaData = try ColumnMetaData(from: &r)
            case (4, .i64): offsetIndexOffset = try r.readI64()
            case (5, .i32): offsetIndexLength = try r.readI32()
            case (6, .i64): columnIndexOffset = try r.readI64()
            case (7, .i32): columnIndexLength = try r.readI32()
            case (8, _), (9, _):
                throw ParquetError.unsupported("encrypted column chunks")
            default: try r.skip(f.type)
            }
        }
    }

    public func encode(to w: inout ThriftCompactWriter) {
        w.beginStruct()
        if let filePath { w.writeString(field: 1, filePath) }
        w.writeI64(field: 2, fileOffset)
        if let metaData { w.writeStructFieldHeader(3); metaData.encode(to: &w) }
        if let offsetIndexOffset { w.writeI64(field: 4, offsetIndexOffset) }
        if let offsetIndexLength { w.writeI32(field: 5, offsetIndexLength) }
        if let columnIndexOffset { w.writeI64(field: 6, columnIndexOffset) }
        if let columnIndexLength { w.writeI32(field: 7, columnIndexLength) }
        w.endStruct()
    }
}

public struct ColumnMetaData: Hashable, Sendable {
    public var type: PhysicalType
    public var encodings: [Encoding]
    public var pathInSchema: [String]
    public var codec: CompressionCodec
    public var numValues: Int64
    public var totalUncompressedSize: Int64
    public var totalCompressedSize: Int64
    public var keyValueMetadata: [KeyValue]?
    public var dataPageOffset: Int64
    public var indexPageOffset: Int64?
    public var dictionaryPageOffset: Int64?
    public var statistics: Statistics?
    public var encodingStats: [PageEncodingStats]?

    public init(type: PhysicalType, encodings: [Encoding], pathInSchema: [String], codec: CompressionCodec,
                numValues: Int64, totalUncompressedSize: Int64, totalCompressedSize: Int64, dataPageOffset: Int64,
                dictionaryPageOffset: Int64? = nil, statistics: Statistics? = nil, encodingStats: [PageEncodingStats]? = nil) {
        self.type = type
        self.encodings = encodings
        self.pathInSchema = pathInSchema
        self.codec = codec
        self.numValues = numValues
        self.totalUncompressedSize = totalUncompressedSize
        self.totalCompressedSize = totalCompressedSize
        self.dataPageOffset = dataPageOffset
        self.dictionaryPageOffset = dictionaryPageOffset
        self.statistics = statistics
        self.encodingStats = encodingStats
    }

    public init(from r: inout ThriftCompactReader) throws {
        try r.beginStruct()
        defer { r.endStruct() }
        var type: PhysicalType?, encodings: [Encoding] = [], path: [String]?, codec: CompressionCodec?
        var numValues: Int64?, uncompressed: Int64?, compressed: Int64?, dataPageOffset: Int64?
        var kv: [KeyValue]?, indexOffset: Int64?, dictionaryOffset: Int64?, statistics: Statistics?, stats: [PageEncodingStats]?
        while let f = try r.nextField() {
            switch (f.id, f.type) {
            case (1, .i32): type = PhysicalType(rawValue: try r.readI32())
            case (2, .list): encodings = try r.readList(of: .i32) { Encoding(rawValue: try $0.readI32()) }
            case (3, .list): path = try r.readList(of: .binary) { try $0.readString() }
            case (4, .i32): codec = CompressionCodec(rawValue: try r.readI32())
            case (5, .i64): numValues = try r.readI64()
            case (6, .i64): uncompressed = try r.readI64()
            case (7, .i64): compressed = try r.readI64()
            case (8, .list): kv = try r.readList(of: .structure) { try KeyValue(from: &$0) }
            case (9, .i64): dataPageOffset = try r.readI64()
            case (10, .i64): indexOffset = try r.readI64()
            case (11, .i64): dictionaryOffset = try r.readI64()
            case (12, .structure): statistics = try Statistics(from: &r)
            case (13, .list): stats = try r.readList(of: .structure) { try PageEncodingStats(from: &$0) }
            default: try r.skip(f.type)
            }
        }
        guard let type, let path, let codec, let numValues, let uncompressed, let compressed, let dataPageOffset else {
            throw ParquetError.corrupt("ColumnMetaData misses a required field")
        }
        self.init(type: type, encodings: encodings, pathInSchema: path, codec: codec, numValues: numValues,
                  totalUncompressedSize: uncompressed, totalCompressedSize: compressed, dataPageOffset: dataPageOffset,
                  dictionaryPageOffset: dictionaryOffset, statistics: statistics, encodingStats: stats)
        self.keyValueMetadata = kv
        self.indexPageOffset = indexOffset
    }

    public func encode(to w: inout ThriftCompactWriter) {
        w.beginStruct()
        w.writeI32(field: 1, type.rawValue)
        w.beginList(field: 2, elementType: .i32, count: encodings.count)
        for e in encodings { w.writeI32Element(e.rawValue) }
        w.beginList(field: 3, elementType: .binary, count: pathInSchema.count)
        for p in pathInSchema { w.writeStringElement(p) }
        w.writeI32(field: 4, codec.rawValue)
        w.writeI64(field: 5, numValues)
        w.writeI64(field: 6, totalUncompressedSize)
        w.writeI64(field: 7, totalCompressedSize)
        if let keyValueMetadata {
            w.beginList(field: 8, elementType: .structure, count: keyValueMetadata.count)
            for kv in keyValueMetadata { kv.encode(to: &w) }
        }
        w.writeI64(field: 9, dataPageOffset)
        if let indexPageOffset { w.writeI64(field: 10, indexPageOffset) }
        if let dictionaryPageOffset { w.writeI64(field: 11, dictionaryPageOffset) }
        if let statistics { w.writeStructFieldHeader(12); statistics.encode(to: &w) }
        if let encodingStats {
            w.beginList(field: 13, elementType: .structure, count: encodingStats.count)
            for s in encodingStats { s.encode(to: &w) }
        }
        w.endStruct()
    }
}

public struct PageEncodingStats: Hashable, Sendable {
    public var pageType: PageType
    public var encoding: Encoding
    public var count: Int32

    public init(pageType: PageType, encoding: Encoding, count: Int32) {
        self.pageType = pageType
        self.encoding = encoding
        self.count = count
    }

    public init(from r: inout ThriftCompactReader) throws {
        try r.beginStruct()
        defer { r.endStruct() }
        var type: PageType?, encoding: Encoding?, count: Int32?
        while let f = try r.nextField() {
            switch (f.id, f.type) {
            case (1, .i32): type = PageType(rawValue: try r.readI32())
            case (2, .i32): encoding = Encoding(rawValue: try r.readI32())
            case (3, .i32): count = try r.readI32()
            default: try r.skip(f.type)
            }
        }
        guard let type, let encoding, let count else { throw ParquetError.corrupt("PageEncodingStats misses a field") }
        self.init(pageType: type, encoding: encoding, count: count)
    }

    public func encode(to w: inout ThriftCompactWriter) {
        w.beginStruct()
        w.writeI32(field: 1, pageType.rawValue)
        w.writeI32(field: 2, encoding.rawValue)
        w.writeI32(field: 3, count)
        w.endStruct()
    }
}

public struct KeyValue: Hashable, Sendable {
    public var key: String
    public var value: String?

    public init(key: String, value: String?) {
        self.key = key
        self.value = value
    }

    public init(from r: inout ThriftCompactReader) throws {
        try r.beginStruct()
        defer { r.endStruct() }
        var key: String?, value: String?
        while let f = try r.nextField() {
            switch (f.id, f.type) {
            case (1, .binary): key = try r.readString()
            case (2, .binary): value = String(decoding: try r.readBinary(), as: UTF8.self)
            default: try r.skip(f.type)
            }
        }
        guard let key else { throw ParquetError.corrupt("KeyValue without a key") }
        self.init(key: key, value: value)
    }

    public func encode(to w: inout ThriftCompactWriter) {
        w.beginStruct()
        w.writeString(field: 1, key)
        if let value { w.writeString(field: 2, value) }
        w.endStruct()
    }
}
