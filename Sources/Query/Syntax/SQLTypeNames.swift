import Columnar

/// SQL spellings of cairn's column types, as DuckDB reads them.
///
/// DuckDB's names win where they clash with cairn's schema spellings: `INT8` is PostgreSQL's 8-byte
/// integer (int64) here, while `INT16`, `INT32`, `INT64` and `UINT8`…`UINT64` count bits.
enum SQLTypeNames {
    static let types: [String: DataType] = [
        "BOOLEAN": .boolean, "BOOL": .boolean, "LOGICAL": .boolean,
        "TINYINT": .int8, "INT1": .int8,
        "SMALLINT": .int16, "INT2": .int16, "INT16": .int16, "SHORT": .int16,
        "INTEGER": .int32, "INT": .int32, "INT4": .int32, "INT32": .int32, "SIGNED": .int32,
        "BIGINT": .int64, "INT8": .int64, "INT64": .int64, "LONG": .int64,
        "UTINYINT": .uint8, "UINT8": .uint8,
        "USMALLINT": .uint16, "UINT16": .uint16,
        "UINTEGER": .uint32, "UINT32": .uint32,
        "UBIGINT": .uint64, "UINT64": .uint64,
        "FLOAT": .float32, "FLOAT4": .float32, "REAL": .float32, "FLOAT32": .float32,
        "DOUBLE": .float64, "FLOAT8": .float64, "FLOAT64": .float64,
        "VARCHAR": .string, "TEXT": .string, "STRING": .string, "CHAR": .string, "BPCHAR": .string,
        "BLOB": .binary, "BYTEA": .binary, "BINARY": .binary, "VARBINARY": .binary,
        "DATE": .date32,
        "TIMESTAMP": .timestamp(.microseconds, utc: false), "DATETIME": .timestamp(.microseconds, utc: false),
        "TIMESTAMP_US": .timestamp(.microseconds, utc: false),
        "TIMESTAMP_MS": .timestamp(.milliseconds, utc: false),
        "TIMESTAMP_NS": .timestamp(.nanoseconds, utc: false),
        "TIMESTAMPTZ": .timestamp(.microseconds, utc: true),
    ]

    /// Types DuckDB has and cairn does not, with what to use instead.
    static let unsupported: [String: String] = [
        "DECIMAL": "DOUBLE", "NUMERIC": "DOUBLE", "HUGEINT": "BIGINT", "INT128": "BIGINT", "UHUGEINT": "UBIGINT",
        "UINT128": "UBIGINT", "TIME": "TIMESTAMP", "INTERVAL": "BIGINT", "UUID": "VARCHAR", "JSON": "VARCHAR",
    ]

    /// The SQL name DuckDB prints for a type (used in messages next to the SQL a user wrote).
    static func sqlName(of type: DataType) -> String {
        switch type {
        case .boolean: return "BOOLEAN"
        case .int8: return "TINYINT"
        case .int16: return "SMALLINT"
        case .int32: return "INTEGER"
        case .int64: return "BIGINT"
        case .uint8: return "UTINYINT"
        case .uint16: return "USMALLINT"
        case .uint32: return "UINTEGER"
        case .uint64: return "UBIGINT"
        case .float32: return "FLOAT"
        case .float64: return "DOUBLE"
        case .string: return "VARCHAR"
        case .binary: return "BLOB"
        case .date32: return "DATE"
        case .timestamp(let unit, let utc):
            if utc { return "TIMESTAMPTZ" }
            switch unit {
            case .microseconds: return "TIMESTAMP"
            case .milliseconds: return "TIMESTAMP_MS"
            case .nanoseconds: return "TIMESTAMP_NS"
            }
        }
    }
}
