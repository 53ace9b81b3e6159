/// Bad tokenizer input: a vocabulary or medians file that cannot be used, options out of range, or a matrix
/// a tokenizer must not read. Each one line naming what was wrong.
public enum TokenizerError: Error, Equatable, CustomStringConvertible {
    /// A file that cannot be read or is not the JSON expected (`what`: "vocabulary", "gene medians").
    case badFile(what: String, path: String, detail: String)
    case invalidOption(String)
    /// A non-integer value where counts are expected (the matrix is already normalized).
    case normalizedInput(tokenizer: String, value: Double, cellID: Int64)

    public var description: String {
        switch self {
        case .badFile(let what, let path, let detail): return "\(what) file \(path): \(detail)"
        case .invalidOption(let detail): return detail
        case .normalizedInput(let tokenizer, let value, let cellID):
            return "the \(tokenizer) tokenizer expects raw counts, but cell \(cellID) has the value \(value) "
                + "(already normalized?): pass --allow-normalized to tokenize it anyway"
        }
    }
}
