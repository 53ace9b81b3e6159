/// parquet.thrift's LogicalType union (the annotations a reader maps to cairn's `DataType`).
public enum LogicalType: Hashable, Sendable {
    public enum TimeUnit: Hashable, Sendable { case millis, micros, nanos }

    case string, map, list, enumeration
    case decimal(scale: Int32, precision: Int32)
    case date
    case time(utc: Bool, unit: TimeUnit)
    case timestamp(utc: Bool, unit: TimeUnit)
    case integer(bitWidth: Int8, signed: Bool)
    case unknown, json, bson, uuid, float16
    /// A union member this reader does not know (field id kept for messages).
    case other(Int16)

    init(from r: inout ThriftCompactReader) throws {
        try r.beginStruct()
        defer { r.endStruct() }
        var result: LogicalType?
        while let field = try r.nextField() {
            guard field.type == .structure else { try r.skip(field.type); continue }
            switch field.id {
            case 1: result = .string; try r.skip(.structure)
            case 2: result = .map; try r.skip(.structure)
            case 3: result = .list; try r.skip(.structure)
            case 4: result = .enumeration; try r.skip(.structure)
            case 5:
                var scale: Int32 = 0, precision: Int32 = 0
                try r.beginStruct()
                while let f = try r.nextField() {
                    switch (f.id, f.type) {
                    case (1, .i32): scale = try r.readI32()
                    case (2, .i32): precision = try r.readI32()
                    default: try r.skip(f.type)
                    }
                }
                r.endStruct()
                result = .decimal(scale: scale, precision: precision)
            case 6: result = .date; try r.skip(.structure)
            case 7, 8:
                var utc = false, unit = TimeUnit.millis
                try r.beginStruct()
                while let f = try r.nextField() {
                    switch (f.id, f.type) {
                    case (1, .boolTrue): utc = try r.readBool()
                    case (2, .structure): unit = try LogicalType.readTimeUnit(&r)
                    default: try r.skip(f.type)
                    }
                }
                r.endStruct()
                result = field.id == 7 ? .time(utc: utc, unit: unit) : .timestamp(utc: utc, unit: unit)
            case 10:
                var width: Int8 = 0, signed = true
                try r.beginStruct()
                while let f = try r.nextField() {
                    switch (f.id, f.type) {
                    case (1, .byte): width = try r.readByte()
                    case (2, .boolTrue): signed = try r.readBool()
                    default: try r.skip(f.type)
                    }
                }
                r.endStruct()
                result = .integer(bitWidth: width, signed: signed)
            case 11: result = .unknown; try r.skip(.structure)
            case 12: result = .json; try r.skip(.structure)
            case 13: result = .bson; try r.skip(.structure)
            case 14: result = .uuid; try r.skip(.structure)
            case 15: result = .float16; try r.skip(.structure)
            default: result = .other(field.id); try r.skip(.structure)
            }
        }
        guard let result else { throw ParquetError.corrupt("empty LogicalType union") }
        self = result
    }

    private static func readTimeUnit(_ r: inout ThriftCompactReader) throws -> TimeUnit {
        try r.beginStruct()
        defer { r.endStruct() }
        var unit = TimeUnit.millis
        while let f = try r.nextField() {
            switch f.id {
            case 1: unit = .millis
            case 2: unit = .micros
            case 3: unit = .nanos
            default: break
            }
            try r.skip(f.type)
        }
        return unit
    }

    func encode(to w: inout ThriftCompactWriter) {
        w.beginStruct()
        func open(_ id: Int16) { w.writeStructFieldHeader(id); w.beginStruct() }
        func empty(_ id: Int16) { open(id); w.endStruct() }
        func unit(_ u: TimeUnit) {
            open(2)
            empty(u == .millis ? 1 : u == .micros ? 2 : 3)
            w.endStruct()
        }
        switch self {
        case .string: empty(1)
        case .map: empty(2)
        case .list: empty(3)
        case .enumeration: empty(4)
        case .decimal(let scale, let precision):
            open(5); w.writeI32(field: 1, scale); w.writeI32(field: 2, precision); w.endStruct()
        case .date: empty(6)
        case .time(let utc, let u):
            open(7); w.writeBool(field: 1, utc); unit(u); w.endStruct()
        case .timestamp(let utc, let u):
            open(8); w.writeBool(field: 1, utc); unit(u); w.endStruct()
        case .integer(let width, let signed):
            open(10); w.writeByte(field: 1, width); w.writeBool(field: 2, signed); w.endStruct()
        case .unknown: empty(11)
        case .json: empty(12)
        case .bson: empty(13)
        case .uuid: empty(14)
        case .float16: empty(15)
        case .other(let id): empty(id)
        }
        w.endStruct()
    }
}
