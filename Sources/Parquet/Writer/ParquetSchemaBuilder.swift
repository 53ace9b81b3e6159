import Columnar

/// cairn `DataType`s as Parquet schema leaves: the physical type, the LogicalType annotation, and the legacy
/// ConvertedType where one exists (so that older readers agree on the meaning).
enum ParquetSchemaBuilder {
    static func elements(for schema: Schema) -> [SchemaElement] {
        [SchemaElement(name: "schema", numChildren: Int32(schema.fields.count))] + schema.fields.map(leaf)
    }

    static func leaf(_ field: Field) -> SchemaElement {
        let repetition: Repetition = field.nullable ? .optional : .required
        func element(_ type: PhysicalType, _ logical: LogicalType? = nil, _ converted: ConvertedType? = nil) -> SchemaElement {
            SchemaElement(name: field.name, type: type, repetition: repetition, convertedType: converted, logicalType: logical)
        }
        switch field.type {
        case .boolean: return element(.boolean)
        case .int8: return element(.int32, .integer(bitWidth: 8, signed: true), .int8)
        case .int16: return element(.int32, .integer(bitWidth: 16, signed: true), .int16)
        case .int32: return element(.int32, .integer(bitWidth: 32, signed: true), .int32)
        case .int64: return element(.int64, .integer(bitWidth: 64, signed: true), .int64)
        case .uint8: return element(.int32, .integer(bitWidth: 8, signed: false), .uint8)
        case .uint16: return element(.int32, .integer(bitWidth: 16, signed: false), .uint16)
        case .uint32: return element(.int32, .integer(bitWidth: 32, signed: false), .uint32)
        case .uint64: return element(.int64, .integer(bitWidth: 64, signed: false), .uint64)
        case .float32: return element(.float)
        case .float64: return element(.double)
        case .string: return element(.byteArray, .string, .utf8)
        case .binary: return element(.byteArray)
        case .date32: return element(.int32, .date, .date)
        case .timestamp(let unit, let utc):
            let logicalUnit: LogicalType.TimeUnit = unit == .milliseconds ? .millis : unit == .microseconds ? .micros : .nanos
            // The legacy annotations only mean UTC-adjusted millis/micros.
            let converted: ConvertedType? = !utc ? nil : unit == .milliseconds ? .timestampMillis : unit == .microseconds ? .timestampMicros : nil
            return element(.int64, .timestamp(utc: utc, unit: logicalUnit), converted)
        }
    }
}
