/// A value an expression cannot compute: integer overflow, division by zero, text that is not a
/// number, a value out of range for a cast. Like DuckDB, the whole query fails.
public struct SQLEvaluationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
