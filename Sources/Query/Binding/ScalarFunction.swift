/// The scalar functions the evaluator implements, with DuckDB's names and aliases.
public enum ScalarFunction: String, Hashable, Sendable, CaseIterable {
    case abs, round, ln, log10, log1p, exp, sqrt
    case lower, upper, length, substring

    public var name: String { rawValue }

    /// Every spelling a query may use, lower case.
    static let spellings: [String: ScalarFunction] = [
        "abs": .abs, "round": .round, "ln": .ln, "log10": .log10, "log": .log10, "log1p": .log1p,
        "exp": .exp, "sqrt": .sqrt, "lower": .lower, "lcase": .lower, "upper": .upper, "ucase": .upper,
        "length": .length, "char_length": .length, "character_length": .length, "len": .length,
        "substring": .substring, "substr": .substring,
    ]

    public static func named(_ name: String) -> ScalarFunction? { spellings[name.lowercased()] }
}
