/// Every failure of the Parquet layer. Decoders of untrusted bytes throw these instead of trapping.
public enum ParquetError: Error, Equatable, CustomStringConvertible {
    /// The bytes are not valid Parquet (truncated, out of bounds, inconsistent).
    case corrupt(String)
    /// Valid Parquet that uses a feature this implementation does not read or write.
    case unsupported(String)
    /// The caller asked for something impossible (unknown column, bad row range, type mismatch).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .corrupt(let what): return "corrupt Parquet: \(what)"
        case .unsupported(let what): return "unsupported Parquet feature: \(what)"
        case .invalidArgument(let what): return what
        }
    }
}
