/// How far a transfer of many objects has come, for a progress bar: reported after each object, from
/// the transferring threads.
public struct TransferProgress: Sendable {
    /// What is being moved: "sending data objects", "fetching data objects".
    public var phase: String
    public var done: Int
    public var total: Int
    public var bytes: Int
}

public typealias TransferProgressHandler = @Sendable (TransferProgress) -> Void
