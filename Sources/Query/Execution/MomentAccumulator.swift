import Columnar

/// AVG as sum / count; VARIANCE and STDDEV by Welford's update (count, mean, sum of squared deviations),
/// in doubles.
final class MomentAccumulator: AggregateAccumulator {
    enum Kind { case mean, varianceSample, variancePopulation, stddevSample, stddevPopulation }
    let kind: Kind
    var counts: [Double] = []
    var sums: [Double] = []
    var means: [Double] = []
    var squares: [Double] = []

    init(kind: Kind) { self.kind = kind }

    func update(ids: [Int32], input: Column?, groupCount: Int) {
        guard let input else { return }
        if counts.count < groupCount {
            let more = groupCount - counts.count
            counts.append(contentsOf: repeatElement(0, count: more))
            sums.append(contentsOf: repeatElement(0, count: more))
            means.append(contentsOf: repeatElement(0, count: more))
            squares.append(contentsOf: repeatElement(0, count: more))
        }
        let values = input.doubles
        let validity = input.validity
        // One access to each array for the whole batch (per-element access to a class's arrays is
        // checked for exclusivity every time).
        counts.withUnsafeMutableBufferPointer { counts in
            sums.withUnsafeMutableBufferPointer { sums in
                means.withUnsafeMutableBufferPointer { means in
                    squares.withUnsafeMutableBufferPointer { squares in
                        for (row, id) in ids.enumerated() where validity?[row] ?? true {
                            let g = Int(id)
                            let x = values[row]
                            counts[g] += 1
                            sums[g] += x
                            let delta = x - means[g]
                            means[g] += delta / counts[g]
                            squares[g] += delta * (x - means[g])
                        }
                    }
                }
            }
        }
    }

    func finish(groupCount: Int) -> Column {
        var out = [Double](repeating: 0, count: groupCount)
        var validity = [Bool](repeating: false, count: groupCount)
        for g in 0..<min(groupCount, counts.count) {
            let n = counts[g]
            switch kind {
            case .mean where n > 0: out[g] = sums[g] / n; validity[g] = true
            case .variancePopulation where n > 0: out[g] = squares[g] / n; validity[g] = true
            case .stddevPopulation where n > 0: out[g] = (squares[g] / n).squareRoot(); validity[g] = true
            case .varianceSample where n > 1: out[g] = squares[g] / (n - 1); validity[g] = true
            case .stddevSample where n > 1: out[g] = (squares[g] / (n - 1)).squareRoot(); validity[g] = true
            default: break
            }
        }
        return Column(type: .float64, buffer: .float64(out), validity: validity)
    }
}
