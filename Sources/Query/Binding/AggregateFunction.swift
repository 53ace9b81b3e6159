import Columnar

/// Aggregate functions the binder recognises, so that a planner can pull them out of expressions.
/// Execution is the aggregate operator's business; the result types here follow DuckDB except that
/// integer sums are int64 (DuckDB: HUGEINT), so the operator must report overflow.
public enum AggregateFunction: String, Hashable, Sendable, CaseIterable {
    case count, sum, avg, min, max
    case stddevSample = "stddev_samp", stddevPopulation = "stddev_pop"
    case varianceSample = "var_samp", variancePopulation = "var_pop"
    case median
    /// Interpolated quantile (DuckDB `quantile_cont`).
    case quantileContinuous = "quantile_cont"
    /// Nearest-rank quantile (DuckDB `quantile_disc`), which is what DuckDB's plain `quantile` means.
    case quantileDiscrete = "quantile_disc"

    public var name: String { rawValue }

    /// Every spelling a query may use, lower case.
    static let spellings: [String: AggregateFunction] = [
        "count": .count, "sum": .sum, "avg": .avg, "mean": .avg, "min": .min, "max": .max,
        "stddev": .stddevSample, "stddev_samp": .stddevSample, "stddev_pop": .stddevPopulation,
        "variance": .varianceSample, "var_samp": .varianceSample, "var_pop": .variancePopulation,
        "median": .median,
        "quantile": .quantileDiscrete, "quantile_disc": .quantileDiscrete, "quantile_cont": .quantileContinuous,
    ]

    public static func named(_ name: String) -> AggregateFunction? { spellings[name.lowercased()] }

    /// Whether the call takes a fraction as its second argument.
    public var takesFraction: Bool { self == .quantileContinuous || self == .quantileDiscrete }

    /// The result type for an argument of `type`, or nil when the function does not accept it.
    public func resultType(for type: DataType) -> DataType? {
        let numeric = type.isInteger || type.isFloatingPoint
        switch self {
        case .count:
            return .int64
        case .sum:
            if type == .uint64 { return .uint64 }
            if type.isInteger || type == .boolean { return .int64 }
            return type.isFloatingPoint ? .float64 : nil
        case .avg, .stddevSample, .stddevPopulation, .varianceSample, .variancePopulation:
            return numeric ? .float64 : nil
        case .min, .max, .quantileDiscrete:
            return type == .binary ? nil : type
        case .median, .quantileContinuous:
            if type.isFloatingPoint { return type }
            return type.isInteger ? .float64 : nil
        }
    }
}

/// One aggregate call of a query, its argument bound against the aggregate's input.
public struct BoundAggregate: Hashable, Sendable {
    public var function: AggregateFunction
    /// nil for `COUNT(*)`.
    public var argument: BoundExpression?
    public var isDistinct: Bool
    /// The quantile wanted, in [0, 1], for `quantile_cont` and `quantile_disc` (0.5 for `median`).
    public var fraction: Double?
    public var type: DataType
    /// The call as written; `description` names the output column (`count(*)`, `avg(n_genes)`).
    public var syntax: SQLExpression

    public init(function: AggregateFunction, argument: BoundExpression?, isDistinct: Bool, fraction: Double?,
                type: DataType, syntax: SQLExpression) {
        self.function = function
        self.argument = argument
        self.isDistinct = isDistinct
        self.fraction = fraction
        self.type = type
        self.syntax = syntax
    }

    public var name: String { syntax.description }
}
