import Columnar
import Foundation

enum ValueSpelling {
    /// The spelling `PythonOracle.prelude`'s `enc` gives each value.
    static func of(_ column: Column) -> [String?] {
        (0..<column.count).map { i in
            switch column.value(at: i) {
            case .null: return nil
            case .boolean(let b): return b ? "b:1" : "b:0"
            case .int(let v): return "i:\(v)"
            case .uint(let v): return "i:\(v)"
            case .double(let d): return d.isNaN ? "f:nan" : "d:\(Int64(bitPattern: d.bitPattern))"
            case .string(let s): return "s:" + s.utf8.map { String(format: "%02x", $0) }.joined()
            case .bytes(let b): return "x:" + b.map { String(format: "%02x", $0) }.joined()
            }
        }
    }
}
