/// parquet.thrift `FileMetaData` (the footer) and `RowGroup`.
public struct FileMetaData: Hashable, Sendable {
    public var version: Int32
    public var schema: [SchemaElement]
    public var numRows: Int64
    public var rowGroups: [RowGroup]
    public var keyValueMetadata: [KeyValue]?
    public var createdBy: String?
    /// One entry per leaf column: whether min/max follow the type-defined order (true for everything cairn writes).
    public var typeDefinedColumnOrders: Int?

    public init(version: Int32 = 2, schema: [SchemaElement], numRows: Int64, rowGroups: [RowGroup],
                keyValueMetadata: [KeyValue]? = nil, createdBy: String? = nil, typeDefinedColumnOrders: Int? = nil) {
        self.version = version
        self.schema = schema
        self.numRows = numRows
        self.rowGroups = rowGroups
        self.keyValueMetadata = keyValueMetadata
        self.createdBy = createdBy
        self.typeDefinedColumnOrders = typeDefinedColumnOrders
    }

    public init(from r: inout ThriftCompactReader) throws {
        try r.beginStruct()
        defer { r.endStruct() }
        var version: Int32?, schema: [SchemaElement]?, numRows: Int64?, rowGroups: [RowGroup]?
        while let f = try r.nextField() {
            switch (f.id, f.type) {
            case (1, .i32): version = try r.readI32()
            case (2, .list): schema = try r.readList(of: .structure) { try SchemaElement(from: &$0) }
            case (3, .i64): numRows = try r.readI64()
            case (4, .list): rowGroups = try r.readList(of: .structure) { try RowGroup(from: &$0) }
            case (5, .list): keyValueMetadata = try r.readList(of: .structure) { try KeyValue(from: &$0) }
            case (6, .binary): createdBy = String(decoding: try r.readBinary(), as: UTF8.self)
            case (7, .list):
                let (type, count) = try r.beginList()
                for _ in 0..<count { try r.skip(type) }
                typeDefinedColumnOrders = count
            case (8, _): throw ParquetError.unsupported("encrypted files")
            default: try r.skip(f.type)
            }
        }
        guard let version, let schema, let numRows, let rowGroups else {
            throw ParquetError.corrupt("FileMetaData misses version, schema, num_rows or row_groups")
        }
        guard numRows >= 0 else { throw ParquetError.corrupt("negative row count \(numRows)") }
        self.version = version
        self.schema = schema
        self.numRows = numRows
        self.rowGroups = rowGroups
    }

    public func encode(to w: inout ThriftCompactWriter) {
        w.beginStruct()
        w.writeI32(field: 1, version)
        w.beginList(field: 2, elementType: .structure, count: schema.count)
        for element in schema { element.encode(to: &w) }
        w.writeI64(field: 3, numRows)
        w.beginList(field: 4, elementType: .structure, count: rowGroups.count)
        for group in rowGroups { group.encode(to: &w) }
        if let keyValueMetadata {
            w.beginList(field: 5, elementType: .structure, count: keyValueMetadata.count)
            for kv in keyValueMetadata { kv.encode(to: &w) }
        }
        if let createdBy { w.writeString(field: 6, createdBy) }
        if let typeDefinedColumnOrders {
            // ColumnOrder union { 1: TypeDefinedOrder TYPE_ORDER } per leaf column.
            w.beginList(field: 7, elementType: .structure, count: typeDefinedColumnOrders)
            for _ in 0..<typeDefinedColumnOrders {
                w.beginStruct()
                w.writeStructFieldHeader(1)
                w.beginStruct()
                w.endStruct()
                w.endStruct()
            }
        }
        w.endStruct()
    }
}

public struct RowGroup: Hashable, Sendable {
    public var columns: [ColumnChunk]
    public var totalByteSize: Int64
    public var numRows: Int64
    public var fileOffset: Int64?
    public var totalCompressedSize: Int64?
    public var ordinal: Int16?

    public init(columns: [ColumnChunk], totalByteSize: Int64, numRows: Int64, fileOffset: Int64? = nil,
                totalCompressedSize: Int64? = nil, ordinal: Int16? = nil) {
        self.columns = columns
        self.totalByteSize = totalByteSize
        self.numRows = numRows
        self.fileOffset = fileOffset
        self.totalCompressedSize = totalCompressedSize
        self.ordinal = ordinal
    }

    public init(from r: inout ThriftCompactReader) throws {
        try r.beginStruct()
        defer { r.endStruct() }
        var columns: [ColumnChunk]?, totalByteSize: Int64?, numRows: Int64?
        while let f = try r.nextField() {
            switch (f.id, f.type) {
            case (1, .list): columns = try r.readList(of: .structure) { try ColumnChunk(from: &$0) }
            case (2, .i64): totalByteSize = try r.readI64()
            case (3, .i64): numRows = try r.readI64()
            case (5, .i64): fileOffset = try r.readI64()
            case (6, .i64): totalCompressedSize = try r.readI64()
            case (7, .i16): ordinal = try r.readI16()
            default: try r.skip(f.type)
            }
        }
        guard let columns, let totalByteSize, let numRows, numRows >= 0 else {
            throw ParquetError.corrupt("RowGroup misses columns, total_byte_size or num_rows")
        }
        self.columns = columns
        self.totalByteSize = totalByteSize
        self.numRows = numRows
    }

    public func encode(to w: inout ThriftCompactWriter) {
        w.beginStruct()
        w.beginList(field: 1, elementType: .structure, count: columns.count)
        for column in columns { column.encode(to: &w) }
        w.writeI64(field: 2, totalByteSize)
        w.writeI64(field: 3, numRows)
        if let fileOffset { w.writeI64(field: 5, fileOffset) }
        if let totalCompressedSize { w.writeI64(field: 6, totalCompressedSize) }
        if let ordinal { w.writeI16(field: 7, ordinal) }
        w.endStruct()
    }
}
