/// parquet.thrift `SchemaElement`: one node of the schema tree (flattened depth-first in FileMetaData).
public struct SchemaElement: Hashable, Sendable {
    public var type: PhysicalType?
    public var typeLength: Int32?
    public var repetition: Repetition?
    public var name: String
    public var numChildren: Int32?
    public var convertedType: ConvertedType?
    public var scale: Int32?
    public var precision: Int32?
    public var fieldID: Int32?
    public var logicalType: LogicalType?

    public init(name: String, type: PhysicalType? = nil, repetition: Repetition? = nil, numChildren: Int32? = nil,
                convertedType: ConvertedType? = nil, logicalType: LogicalType? = nil, typeLength: Int32? = nil) {
        self.name = name
        self.type = type
        self.repetition = repetition
        self.numChildren = numChildren
        self.convertedType = convertedType
        self.logicalType = logicalType
        self.typeLength = typeLength
    }

    public init(from r: inout ThriftCompactReader) throws {
        try r.beginStruct()
        defer { r.endStruct() }
        var name: String?
        while let f = try r.nextField() {
            switch (f.id, f.type) {
            case (1, .i32): type = PhysicalType(rawValue: try r.readI32())
            case (2, .i32): typeLength = try r.readI32()
            case (3, .i32): repetition = Repetition(rawValue: try r.readI32())
            case (4, .binary): name = try r.readString()
            case (5, .i32): numChildren = try r.readI32()
            case (6, .i32): convertedType = ConvertedType(rawValue: try r.readI32())
            case (7, .i32): scale = try r.readI32()
            case (8, .i32): precision = try r.readI32()
            case (9, .i32): fieldID = try r.readI32()
            case (10, .structure): logicalType = try LogicalType(from: &r)
            default: try r.skip(f.type)
            }
        }
        guard let name else { throw ParquetError.corrupt("SchemaElement without a name") }
        self.name = name
    }

    public func encode(to w: inout ThriftCompactWriter) {
        w.beginStruct()
        if let type { w.writeI32(field: 1, type.rawValue) }
        if let typeLength { w.writeI32(field: 2, typeLength) }
        if let repetition { w.writeI32(field: 3, repetition.rawValue) }
        w.writeString(field: 4, name)
        if let numChildren { w.writeI32(field: 5, numChildren) }
        if let convertedType { w.writeI32(field: 6, convertedType.rawValue) }
        if let scale { w.writeI32(field: 7, scale) }
        if let precision { w.writeI32(field: 8, precision) }
        if let fieldID { w.writeI32(field: 9, fieldID) }
        if let logicalType {
            w.writeStructFieldHeader(10)
            logicalType.encode(to: &w)
        }
        w.endStruct()
    }
}
