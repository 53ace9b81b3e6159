/// A growable buffer of raw bytes that keeps its storage when emptied: a worker puts row segments together
/// in one before they are written to the spill file. Only one worker uses a block at a time.
final class ByteBlock: @unchecked Sendable {
    private(set) var bytes: UnsafeMutableRawPointer
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 1 << 16) {
        self.capacity = max(16, capacity)
        bytes = .allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit { bytes.deallocate() }

    var contents: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: bytes, count: count) }

    /// Appends `byteCount` bytes that `fill` writes at the pointer it is given.
    func append(byteCount: Int, _ fill: (UnsafeMutableRawPointer) -> Void) {
        if count + byteCount > capacity {
            capacity = max(count + byteCount, capacity * 2)
            let grown = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
            grown.copyMemory(from: bytes, byteCount: count)
            bytes.deallocate()
            bytes = grown
        }
        fill(bytes + count)
        count += byteCount
    }

    func removeAll() { count = 0 }
}
