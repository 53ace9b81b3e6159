import Columnar

/// MEDIAN and QUANTILE: each group's values are kept and sorted at the end (NaN after every number).
/// Continuous quantiles interpolate at position q·(n−1) (DuckDB's `quantile_cont`); discrete ones take
/// the value at rank ⌈q·n⌉ (DuckDB's `quantile_disc`, which plain `quantile` means).
final class QuantileAccumulator: AggregateAccumulator {
    let fraction: Double
    let continuous: Bool
    let inputType: DataType
    let resultType: DataType
    var doubles: [[Double]] = []
    var integers: [[Int64]] = []
    var unsigned: [[UInt64]] = []
    var strings: [[[UInt8]]] = []

    init(fraction: Double, continuous: Bool, inputType: DataType, resultType: DataType) {
        self.fraction = fraction
        self.continuous = continuous
        self.inputType = inputType
        self.resultType = resultType
    }

    private var storesDoubles: Bool { continuous || inputType.isFloatingPoint }

    func update(ids: [Int32], input: Column?, groupCount: Int) {
        guard let input else { return }
        let validity = input.validity
        func collect<T>(_ values: [T], into groups: inout [[T]]) {
            if groups.count < groupCount { groups.append(contentsOf: repeatElement([], count: groupCount - groups.count)) }
            for (row, id) in ids.enumerated() where validity?[row] ?? true { groups[Int(id)].append(values[row]) }
        }
        if storesDoubles { return collect(input.doubles, into: &doubles) }
        switch input.buffer {
        case .uint64(let v): collect(v, into: &unsigned)
        case .bytes(let v): collect((0..<v.count).map { Array(v.bytes[v.byteRange($0)]) }, into: &strings)
        default: collect(input.int64s ?? [], into: &integers)
        }
    }

    /// The rank a discrete quantile picks among `n` sorted values.
    private func discreteRank(_ n: Int) -> Int { max(0, min(n - 1, Int((fraction * Double(n)).rounded(.up)) - 1)) }

    func finish(groupCount: Int) -> Column {
        var validity = [Bool](repeating: false, count: groupCount)
        func each<T>(_ groups: [[T]], _ zero: T, _ pick: ([T]) -> T) -> [T] {
            (0..<groupCount).map { g in
                guard g < groups.count, !groups[g].isEmpty else { return zero }
                validity[g] = true
                return pick(groups[g])
            }
        }
        if storesDoubles {
            let values = each(doubles, 0) { group in
                let sorted = group.sorted { a, b in b.isNaN ? !a.isNaN : (!a.isNaN && a < b) }
                guard continuous else { return sorted[discreteRank(sorted.count)] }
                let position = fraction * Double(sorted.count - 1)
                let low = Int(position.rounded(.down)), high = Int(position.rounded(.up))
                if low == high { return sorted[low] }
                return sorted[low] + (position - Double(low)) * (sorted[high] - sorted[low])
            }
            return Column.fromDoubles(values, type: resultType, validity: validity)
        }
        switch inputType {
        case .uint64:
            return Column(type: .uint64, buffer: .uint64(each(unsigned, 0) { $0.sorted()[discreteRank($0.count)] }), validity: validity)
        case .string, .binary:
            let picked = each(strings, []) { $0.sorted { $0.lexicographicallyPrecedes($1) }[discreteRank($0.count)] }
            var out = VarBinary()
            for value in picked { out.append(contentsOf: value) }
            return Column(type: inputType, buffer: .bytes(out), validity: validity)
        default:
            return Column.fromInt64s(each(integers, 0) { $0.sorted()[discreteRank($0.count)] }, type: inputType, validity: validity)
        }
    }
}
