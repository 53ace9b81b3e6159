import Foundation

/// The logical type of a column, shared by every layer (Parquet, Lake, Query, Interchange).
///
/// Physical storage is chosen by `ColumnBuffer`: timestamps live in `.int64`, dates in `.int32`.
public enum DataType: Hashable, Sendable {
    case boolean
    case int8, int16, int32, int64
    case uint8, uint16, uint32, uint64
    case float32, float64
    case string
    case binary
    /// Days since 1970-01-01.
    case date32
    /// Ticks since the Unix epoch; `utc` records whether the values are adjusted to UTC.
    case timestamp(TimeUnit, utc: Bool)

    public enum TimeUnit: String, Hashable, Sendable, Codable {
        case milliseconds = "ms", microseconds = "us", nanoseconds = "ns"
    }

    public var isInteger: Bool {
        switch self {
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64: return true
        default: return false
        }
    }

    public var isFloatingPoint: Bool { self == .float32 || self == .float64 }

    public var isSigned: Bool {
        switch self {
        case .int8, .int16, .int32, .int64, .float32, .float64: return true
        default: return false
        }
    }
}

extension DataType: CustomStringConvertible, LosslessStringConvertible {
    /// The spelling used in schema.json, `cairn schema` and `--schema` overrides.
    public var description: String {
        switch self {
        case .boolean: return "bool"
        case .int8: return "int8"
        case .int16: return "int16"
        case .int32: return "int32"
        case .int64: return "int64"
        case .uint8: return "uint8"
        case .uint16: return "uint16"
        case .uint32: return "uint32"
        case .uint64: return "uint64"
        case .float32: return "float32"
        case .float64: return "float64"
        case .string: return "string"
        case .binary: return "binary"
        case .date32: return "date32"
        case .timestamp(let unit, let utc): return "timestamp[\(unit.rawValue)\(utc ? ", UTC" : "")]"
        }
    }

    public init?(_ text: String) {
        switch text.lowercased().trimmingCharacters(in: .whitespaces) {
        case "bool", "boolean": self = .boolean
        case "int8": self = .int8
        case "int16": self = .int16
        case "int32": self = .int32
        case "int64", "int", "integer": self = .int64
        case "uint8": self = .uint8
        case "uint16": self = .uint16
        case "uint32": self = .uint32
        case "uint64": self = .uint64
        case "float32", "float": self = .float32
        case "float64", "double": self = .float64
        case "string", "utf8", "str": self = .string
        case "binary", "bytes": self = .binary
        case "date32", "date": self = .date32
        case "timestamp", "timestamp[us]": self = .timestamp(.microseconds, utc: false)
        case "timestamp[us, utc]": self = .timestamp(.microseconds, utc: true)
        case "timestamp[ms]": self = .timestamp(.milliseconds, utc: false)
        case "timestamp[ms, utc]": self = .timestamp(.milliseconds, utc: true)
        case "timestamp[ns]": self = .timestamp(.nanoseconds, utc: false)
        case "timestamp[ns, utc]": self = .timestamp(.nanoseconds, utc: true)
        default: return nil
        }
    }
}

extension DataType: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let type = DataType(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown data type '\(text)'")
        }
        self = type
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
