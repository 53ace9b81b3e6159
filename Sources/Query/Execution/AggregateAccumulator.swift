import Columnar

/// The running state of one aggregate call over every group: `update` folds in a batch (each row's group
/// id, and the argument evaluated on the batch, nil for COUNT(*)); `finish` gives one value per group.
protocol AggregateAccumulator: AnyObject {
    func update(ids: [Int32], input: Column?, groupCount: Int) throws(SQLEvaluationError)
    func finish(groupCount: Int) -> Column
}

enum AggregateAccumulators {
    static func make(_ aggregate: BoundAggregate) -> any AggregateAccumulator {
        let inputType = aggregate.argument?.type ?? .int64
        let plain: any AggregateAccumulator
        switch aggregate.function {
        case .count: plain = CountAccumulator(star: aggregate.argument == nil)
        case .sum: plain = SumAccumulator(resultType: aggregate.type, name: aggregate.name)
        case .avg: plain = MomentAccumulator(kind: .mean)
        case .stddevSample: plain = MomentAccumulator(kind: .stddevSample)
        case .stddevPopulation: plain = MomentAccumulator(kind: .stddevPopulation)
        case .varianceSample: plain = MomentAccumulator(kind: .varianceSample)
        case .variancePopulation: plain = MomentAccumulator(kind: .variancePopulation)
        case .min: plain = ExtremeAccumulator(type: inputType, keepsLargest: false)
        case .max: plain = ExtremeAccumulator(type: inputType, keepsLargest: true)
        case .median: plain = QuantileAccumulator(fraction: 0.5, continuous: true, inputType: inputType, resultType: aggregate.type)
        case .quantileContinuous:
            plain = QuantileAccumulator(fraction: aggregate.fraction ?? 0.5, continuous: true, inputType: inputType, resultType: aggregate.type)
        case .quantileDiscrete:
            plain = QuantileAccumulator(fraction: aggregate.fraction ?? 0.5, continuous: false, inputType: inputType, resultType: aggregate.type)
        }
        return aggregate.isDistinct && aggregate.argument != nil ? DistinctAccumulator(inner: plain, type: inputType) : plain
    }
}

/// COUNT(*) counts rows; COUNT(x) counts non-null values.
final class CountAccumulator: AggregateAccumulator {
    let star: Bool
    var counts: [Int64] = []

    init(star: Bool) { self.star = star }

    func update(ids: [Int32], input: Column?, groupCount: Int) {
        if counts.count < groupCount { counts.append(contentsOf: repeatElement(0, count: groupCount - counts.count)) }
        counts.withUnsafeMutableBufferPointer { counts in
            if !star, let validity = input?.validity {
                for (row, id) in ids.enumerated() where validity[row] { counts[Int(id)] += 1 }
            } else {
                for id in ids { counts[Int(id)] += 1 }
            }
        }
    }

    func finish(groupCount: Int) -> Column {
        Column(type: .int64, buffer: .int64(counts + repeatElement(0, count: max(0, groupCount - counts.count))))
    }
}

/// SUM: exact for integers (int64, or uint64 for uint64 input; overflow is an error where DuckDB would
/// widen to HUGEINT), floating point for floats. NULL for a group with no non-null value.
final class SumAccumulator: AggregateAccumulator {
    let resultType: DataType
    let name: String
    var integers: [Int64] = []
    var unsigned: [UInt64] = []
    var doubles: [Double] = []
    var seen: [Bool] = []

    init(resultType: DataType, name: String) {
        self.resultType = resultType
        self.name = name
    }

    func update(ids: [Int32], input: Column?, groupCount: Int) throws(SQLEvaluationError) {
        guard let input else { return }
        if seen.count < groupCount {
            let more = groupCount - seen.count
            seen.append(contentsOf: repeatElement(false, count: more))
            integers.append(contentsOf: repeatElement(0, count: more))
            unsigned.append(contentsOf: repeatElement(0, count: more))
            doubles.append(contentsOf: repeatElement(0, count: more))
        }
        let validity = input.validity
        switch resultType {
        case .uint64:
            guard case .uint64(let values) = input.buffer else { return }
            for (row, id) in ids.enumerated() where validity?[row] ?? true {
                let (sum, overflow) = unsigned[Int(id)].addingReportingOverflow(values[row])
                if overflow { throw SQLEvaluationError("integer overflow in \(name)") }
                unsigned[Int(id)] = sum
                seen[Int(id)] = true
            }
        case .int64:
            guard let values = input.int64s else { return }
            for (row, id) in ids.enumerated() where validity?[row] ?? true {
                let (sum, overflow) = integers[Int(id)].addingReportingOverflow(values[row])
                if overflow { throw SQLEvaluationError("integer overflow in \(name)") }
                integers[Int(id)] = sum
                seen[Int(id)] = true
            }
        default:
            let values = input.doubles
            for (row, id) in ids.enumerated() where validity?[row] ?? true {
                doubles[Int(id)] += values[row]
                seen[Int(id)] = true
            }
        }
    }

    func finish(groupCount: Int) -> Column {
        let validity = (0..<groupCount).map { $0 < seen.count && seen[$0] }
        func padded<T: Numeric>(_ v: [T]) -> [T] { v + repeatElement(0, count: max(0, groupCount - v.count)) }
        switch resultType {
        case .uint64: return Column(type: .uint64, buffer: .uint64(padded(unsigned)), validity: validity)
        case .int64: return Column(type: .int64, buffer: .int64(padded(integers)), validity: validity)
        default: return Column(type: .float64, buffer: .float64(padded(doubles)), validity: validity)
        }
    }
}
