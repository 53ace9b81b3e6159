import Columnar

/// One leaf column of a flat Parquet schema, as a reader needs it.
struct ColumnDescriptor {
    var field: Field
    var physicalType: PhysicalType
    var typeLength: Int
    /// 1 for optional columns (definition levels present), 0 for required ones.
    var maxDefinitionLevel: Int
}

/// Maps a Parquet schema to cairn's: flat schemas only, every annotation pyarrow, DuckDB and older writers
/// use; anything cairn cannot represent exactly is refused with the column's name.
enum ParquetSchemaMapping {
    static func columns(of elements: [SchemaElement]) throws -> [ColumnDescriptor] {
        guard let root = elements.first else { throw ParquetError.corrupt("empty schema") }
        let children = Int(root.numChildren ?? 0)
        guard children >= 0, children == elements.count - 1 else {
            if let nested = elements.dropFirst().first(where: { ($0.numChildren ?? 0) > 0 }) {
                throw ParquetError.unsupported("nested column '\(nested.name)'\(describe(nested))")
            }
            throw ParquetError.corrupt("schema root declares \(children) columns, found \(elements.count - 1)")
        }
        var seen = Set<String>()
        return try elements.dropFirst().map { element in
            if (element.numChildren ?? 0) > 0 || element.type == nil {
                throw ParquetError.unsupported("nested column '\(element.name)'\(describe(element))")
            }
            if element.repetition == .repeated { throw ParquetError.unsupported("repeated column '\(element.name)'") }
            guard seen.insert(element.name).inserted else { throw ParquetError.unsupported("duplicate column name '\(element.name)'") }
            let type = try dataType(element)
            let length = Int(element.typeLength ?? 0)
            if element.type == .fixedLenByteArray && length <= 0 {
                throw ParquetError.corrupt("FIXED_LEN_BYTE_ARRAY column '\(element.name)' has no type_length")
            }
            let optional = element.repetition != .required
            return ColumnDescriptor(field: Field(element.name, type, nullable: optional), physicalType: element.type!,
                                    typeLength: length, maxDefinitionLevel: optional ? 1 : 0)
        }
    }

    private static func describe(_ element: SchemaElement) -> String {
        switch element.logicalType {
        case .list?: return " (LIST)"
        case .map?: return " (MAP)"
        default:
            if element.convertedType == .list { return " (LIST)" }
            if element.convertedType == .map || element.convertedType == .mapKeyValue { return " (MAP)" }
            return element.type == nil ? " (struct)" : ""
        }
    }

    static func dataType(_ e: SchemaElement) throws -> DataType {
        func unsupported(_ what: String) -> ParquetError { .unsupported("column '\(e.name)' has type \(what)") }
        switch e.type! {
        case .boolean: return .boolean
        case .int32:
            switch (e.logicalType, e.convertedType) {
            case (.integer(let bits, let signed)?, _):
                switch (bits, signed) {
                case (8, true): return .int8
                case (16, true): return .int16
                case (32, true): return .int32
                case (8, false): return .uint8
                case (16, false): return .uint16
                case (32, false): return .uint32
                default: throw unsupported("INTEGER(\(bits)) stored as INT32")
                }
            case (.date?, _), (nil, .date?): return .date32
            case (.decimal?, _), (nil, .decimal?): throw unsupported("DECIMAL")
            case (.time?, _), (nil, .timeMillis?): throw unsupported("TIME")
            case (nil, .int8?): return .int8
            case (nil, .int16?): return .int16
            case (nil, .uint8?): return .uint8
            case (nil, .uint16?): return .uint16
            case (nil, .uint32?): return .uint32
            default: return .int32
            }
        case .int64:
            switch (e.logicalType, e.convertedType) {
            case (.integer(let bits, let signed)?, _):
                guard bits == 64 else { throw unsupported("INTEGER(\(bits)) stored as INT64") }
                return signed ? .int64 : .uint64
            case (.timestamp(let utc, let unit)?, _):
                return .timestamp(unit == .millis ? .milliseconds : unit == .micros ? .microseconds : .nanoseconds, utc: utc)
            case (nil, .timestampMillis?): return .timestamp(.milliseconds, utc: true)
            case (nil, .timestampMicros?): return .timestamp(.microseconds, utc: true)
            case (nil, .uint64?): return .uint64
            case (.decimal?, _), (nil, .decimal?): throw unsupported("DECIMAL")
            case (.time?, _), (nil, .timeMicros?): throw unsupported("TIME")
            default: return .int64
            }
        case .int96: return .timestamp(.nanoseconds, utc: false)
        case .float: return .float32
        case .double: return .float64
        case .byteArray:
            switch (e.logicalType, e.convertedType) {
            case (.string?, _), (.enumeration?, _), (.json?, _), (nil, .utf8?), (nil, .enumeration?), (nil, .json?): return .string
            case (.decimal?, _), (nil, .decimal?): throw unsupported("DECIMAL")
            default: return .binary
            }
        case .fixedLenByteArray:
            switch (e.logicalType, e.convertedType) {
            case (.decimal?, _), (nil, .decimal?): throw unsupported("DECIMAL")
            case (.float16?, _): throw unsupported("FLOAT16")
            case (nil, .interval?): throw unsupported("INTERVAL")
            default: return .binary
            }
        default:
            throw unsupported("physical type \(e.type!.rawValue)")
        }
    }
}
