/// One scalar, for display, statistics and row-at-a-time paths. Hot loops use `ColumnBuffer` directly.
public enum Value: Hashable, Sendable {
    case null
    case boolean(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])

    public var isNull: Bool { self == .null }
}

extension Value: CustomStringConvertible {
    public var description: String {
        switch self {
        case .null: return "NULL"
        case .boolean(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .double(let d): return String(d)
        case .string(let s): return s
        case .bytes(let b): return "0x" + b.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
