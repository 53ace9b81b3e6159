/// A string or binary column's dictionary encoding as it was stored: each row's index into `values`.
/// A reader keeps it beside the decoded bytes so that grouping and comparing can work once per distinct
/// value instead of once per row. The codes of null rows are unspecified.
public struct DictionaryCodes: Sendable {
    /// One per row, each below `values.count`.
    public var indices: [UInt32]
    public var values: VarBinary

    public init(indices: [UInt32], values: VarBinary) {
        self.indices = indices
        self.values = values
    }

    /// Whether `other` indexes the same values (the same dictionary, usually the very same storage).
    func sharesValues(with other: DictionaryCodes) -> Bool {
        values == other.values
    }
}
