import Columnar

/// What a WHERE clause says about one column, in a form a scan can test against statistics: the
/// column's values lie within bounds, or in a set. A scan may skip data whose range admits no such
/// value; it never has to (the filter still runs on what it returns).
public struct ColumnConstraint: Hashable, Sendable {
    public struct Bound: Hashable, Sendable {
        public var value: Value
        public var inclusive: Bool
    }

    public var column: String
    public var lower: Bound?
    public var upper: Bound?
    /// `column IN (...)` or `column = v`: the only values that match.
    public var values: [Value]? {
        didSet { sortedIntegers = Self.sortedIntegers(values) }
    }
    /// `values` when all are signed integers (ids: a join's key set, `cell_id IN (<thousands>)`), sorted,
    /// so that `admits` costs a binary search rather than a pass over every value.
    private var sortedIntegers: [Int64]?

    public init(column: String, lower: Bound? = nil, upper: Bound? = nil, values: [Value]? = nil) {
        self.column = column
        self.lower = lower
        self.upper = upper
        self.values = values
        sortedIntegers = Self.sortedIntegers(values)
    }

    private static func sortedIntegers(_ values: [Value]?) -> [Int64]? {
        guard let values, values.count > 8 else { return nil }
        var integers: [Int64] = []
        integers.reserveCapacity(values.count)
        for value in values {
            guard case .int(let v) = value else { return nil }
            integers.append(v)
        }
        return integers.sorted()
    }

    /// Whether a stretch of data whose values lie in `min...max` may hold a matching value. Values that
    /// cannot be compared (different kinds) admit everything.
    public func admits(min: Value, max: Value) -> Bool {
        if let lower, let order = ValueOrder.compare(max, lower.value) {
            if order < 0 || (order == 0 && !lower.inclusive) { return false }
        }
        if let upper, let order = ValueOrder.compare(min, upper.value) {
            if order > 0 || (order == 0 && !upper.inclusive) { return false }
        }
        if let sortedIntegers, let low = Self.integerBound(min, roundingUp: true), let high = Self.integerBound(max, roundingUp: false) {
            // The first value at or above `low`, then whether it is at most `high`.
            var lo = 0, hi = sortedIntegers.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if sortedIntegers[mid] < low { lo = mid + 1 } else { hi = mid }
            }
            return lo < sortedIntegers.count && sortedIntegers[lo] <= high
        }
        if let values {
            return values.contains { value in
                guard let low = ValueOrder.compare(value, min), let high = ValueOrder.compare(value, max) else { return true }
                return low >= 0 && high <= 0
            }
        }
        return true
    }

    /// An integer bound equivalent to `value` as a range end (a float rounds inward); nil when the value
    /// is not a number that fits.
    private static func integerBound(_ value: Value, roundingUp: Bool) -> Int64? {
        switch value {
        case .int(let v): return v
        case .uint(let v): return v <= UInt64(Int64.max) ? Int64(v) : (roundingUp ? nil : Int64.max)
        case .double(let d):
            guard d.isFinite, abs(d) < 9e18 else { return nil }
            return Int64(roundingUp ? d.rounded(.up) : d.rounded(.down))
        default: return nil
        }
    }
}

/// The order of non-null scalars as SQL compares them: numbers by value across kinds, strings by UTF-8
/// bytes. nil for pairs that do not compare.
enum ValueOrder {
    static func compare(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? -1 : x > y ? 1 : 0
        case (.uint(let x), .uint(let y)): return x < y ? -1 : x > y ? 1 : 0
        case (.int(let x), .uint(let y)): return x < 0 ? -1 : compare(.uint(UInt64(x)), .uint(y))
        case (.uint, .int): return compare(b, a).map { -$0 }
        case (.double(let x), .double(let y)):
            guard !x.isNaN, !y.isNaN else { return nil }
            return x < y ? -1 : x > y ? 1 : 0
        case (.double(let x), .int(let y)): return x.isNaN ? nil : compare(.double(x), .double(Double(y)))
        case (.double(let x), .uint(let y)): return x.isNaN ? nil : compare(.double(x), .double(Double(y)))
        case (.int, .double), (.uint, .double): return compare(b, a).map { -$0 }
        case (.string(let x), .string(let y)):
            return x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : x == y ? 0 : 1
        case (.boolean(let x), .boolean(let y)): return x == y ? 0 : (!x ? -1 : 1)
        default: return nil
        }
    }
}
