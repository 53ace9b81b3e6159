import Columnar

/// MIN and MAX, in the input's own type: integers exactly, floats with NaN above every number (as
/// DuckDB orders them), strings by UTF-8 bytes.
final class ExtremeAccumulator: AggregateAccumulator {
    let type: DataType
    let keepsLargest: Bool
    var seen: [Bool] = []
    var integers: [Int64] = []
    var unsigned: [UInt64] = []
    var doubles: [Double] = []
    var strings: [[UInt8]] = []

    init(type: DataType, keepsLargest: Bool) {
        self.type = type
        self.keepsLargest = keepsLargest
    }

    func update(ids: [Int32], input: Column?, groupCount: Int) {
        guard let input else { return }
        if seen.count < groupCount {
            let more = groupCount - seen.count
            seen.append(contentsOf: repeatElement(false, count: more))
            switch input.buffer {
            case .uint64: unsigned.append(contentsOf: repeatElement(0, count: more))
            case .float32, .float64: doubles.append(contentsOf: repeatElement(0, count: more))
            case .bytes: strings.append(contentsOf: repeatElement([], count: more))
            default: integers.append(contentsOf: repeatElement(0, count: more))
            }
        }
        let validity = input.validity
        func fold<T>(_ values: [T], into best: inout [T], better: (T, T) -> Bool) {
            for (row, id) in ids.enumerated() where validity?[row] ?? true {
                let g = Int(id)
                if !seen[g] || better(values[row], best[g]) {
                    best[g] = values[row]
                    seen[g] = true
                }
            }
        }
        let largest = keepsLargest
        switch input.buffer {
        case .uint64(let v): fold(v, into: &unsigned) { largest ? $0 > $1 : $0 < $1 }
        case .float32, .float64:
            fold(input.doubles, into: &doubles) { a, b in largest ? Self.above(a, b) : Self.above(b, a) }
        case .bytes(let v):
            for (row, id) in ids.enumerated() where validity?[row] ?? true {
                let g = Int(id)
                let range = v.byteRange(row)
                let candidate = v.bytes[range]
                let better = !seen[g] || (largest ? strings[g].lexicographicallyPrecedes(candidate)
                                                  : candidate.lexicographicallyPrecedes(strings[g]))
                if better {
                    strings[g] = Array(candidate)
                    seen[g] = true
                }
            }
        default:
            fold(input.int64s ?? [], into: &integers) { largest ? $0 > $1 : $0 < $1 }
        }
    }

    /// `a` sorts after `b`, NaN after every number.
    private static func above(_ a: Double, _ b: Double) -> Bool {
        if a.isNaN { return !b.isNaN }
        if b.isNaN { return false }
        return a > b
    }

    func finish(groupCount: Int) -> Column {
        let validity = (0..<groupCount).map { $0 < seen.count && seen[$0] }
        switch type {
        case .uint64: return Column(type: type, buffer: .uint64(unsigned + repeatElement(0, count: groupCount - unsigned.count)), validity: validity)
        case .float32, .float64:
            return Column.fromDoubles(doubles + repeatElement(0, count: groupCount - doubles.count), type: type, validity: validity)
        case .string, .binary:
            var out = VarBinary()
            for g in 0..<groupCount { out.append(contentsOf: g < strings.count ? strings[g] : []) }
            return Column(type: type, buffer: .bytes(out), validity: validity)
        default:
            return Column.fromInt64s(integers + repeatElement(0, count: groupCount - integers.count), type: type, validity: validity)
        }
    }
}
