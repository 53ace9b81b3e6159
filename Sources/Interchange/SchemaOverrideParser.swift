import Columnar

/// A malformed `--schema` string. Whether the named columns exist is checked later, against the
/// file's header (`CSVError.Reason.unknownOverrideColumn`).
public struct SchemaOverrideError: Error, CustomStringConvertible, Equatable, Sendable {
    public var message: String
    public var description: String { "--schema: \(message)" }
}

/// Parses `--schema "age:int32,donor:string"` into column name → type.
///
/// Entries are separated by commas outside square brackets, so `t:timestamp[us, UTC]` works.
/// Each entry splits at its last colon (types never contain one, so names may); spaces around
/// names and types are trimmed. Types use `DataType`'s spellings (`int32`, `float64`, `date32`, …).
public enum SchemaOverrideParser {
    public static func parse(_ text: String) throws -> [String: DataType] {
        var overrides: [String: DataType] = [:]
        for entry in splitEntries(text) {
            let trimmed = entry.trimmingSpaces()
            if trimmed.isEmpty { continue }
            guard let colon = trimmed.lastIndex(of: ":") else {
                throw SchemaOverrideError(message: "'\(trimmed)' is not NAME:TYPE")
            }
            let name = String(trimmed[..<colon]).trimmingSpaces()
            let typeText = String(trimmed[trimmed.index(after: colon)...]).trimmingSpaces()
            guard !name.isEmpty else { throw SchemaOverrideError(message: "'\(trimmed)' has an empty column name") }
            guard let type = DataType(typeText) else {
                throw SchemaOverrideError(message: "column '\(name)': unknown type '\(typeText)' (known: bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64, string, binary, date32, timestamp[us], timestamp[us, UTC], timestamp[ms], timestamp[ns])")
            }
            guard overrides[name] == nil else {
                throw SchemaOverrideError(message: "column '\(name)' is given twice")
            }
            overrides[name] = type
        }
        return overrides
    }

    private static func splitEntries(_ text: String) -> [Substring] {
        var entries: [Substring] = []
        var depth = 0
        var entryStart = text.startIndex
        for index in text.indices {
            switch text[index] {
            case "[": depth += 1
            case "]": depth = max(0, depth - 1)
            case "," where depth == 0:
                entries.append(text[entryStart..<index])
                entryStart = text.index(after: index)
            default: break
            }
        }
        entries.append(text[entryStart...])
        return entries
    }
}

extension StringProtocol {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
