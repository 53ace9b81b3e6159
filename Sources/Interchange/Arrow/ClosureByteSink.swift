/// An `ArrowByteSink` that hands each write to a closure (a file being written through `AtomicFile`).
struct ClosureByteSink: ArrowByteSink {
    let write: (UnsafeRawBufferPointer) throws -> Void

    mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        try write(bytes)
    }
}
