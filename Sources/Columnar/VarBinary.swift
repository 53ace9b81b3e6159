/// Variable-length values (strings or bytes) packed Arrow-style: one byte buffer plus `count + 1` offsets.
public struct VarBinary: Hashable, Sendable {
    public var offsets: [Int]
    public var bytes: [UInt8]

    public init() {
        offsets = [0]
        bytes = []
    }

    public init(offsets: [Int], bytes: [UInt8]) {
        precondition(!offsets.isEmpty, "VarBinary needs at least one offset")
        self.offsets = offsets
        self.bytes = bytes
    }

    /// `count` copies of one value (a constant column), written in one pass.
    public init(repeating value: [UInt8], count: Int) {
        let width = value.count
        offsets = (0...count).map { $0 &* width }
        bytes = [UInt8](unsafeUninitializedCapacity: width * count) { buffer, initialized in
            value.withUnsafeBufferPointer { value in
                guard let from = value.baseAddress, let to = buffer.baseAddress, count > 0 else { return }
                // One copy of the value, then what is filled copied after itself: a few large copies
                // instead of one small one per row (a dataset's name over its 200,000 cells).
                to.initialize(from: from, count: width)
                var filled = width
                while filled < width * count {
                    let n = min(filled, width * count - filled)
                    (to + filled).initialize(from: to, count: n)
                    filled += n
                }
            }
            initialized = width * count
        }
    }

    public init<S: Sequence>(strings: S) where S.Element == String {
        self.init()
        for s in strings { append(s) }
    }

    public var count: Int { offsets.count - 1 }

    public mutating func reserve(values: Int, bytes byteCount: Int) {
        offsets.reserveCapacity(values + 1)
        bytes.reserveCapacity(byteCount)
    }

    public mutating func append(_ string: String) {
        var s = string
        s.withUTF8 { append(bytes: $0) }
    }

    public mutating func append(bytes value: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: value)
        offsets.append(bytes.count)
    }

    public mutating func append<C: Collection>(contentsOf value: C) where C.Element == UInt8 {
        bytes.append(contentsOf: value)
        offsets.append(bytes.count)
    }

    /// Appends an empty value (used for null slots).
    public mutating func appendEmpty() { offsets.append(bytes.count) }

    public func byteRange(_ i: Int) -> Range<Int> { offsets[i]..<offsets[i + 1] }

    public func string(at i: Int) -> String {
        String(decoding: bytes[byteRange(i)], as: UTF8.self)
    }

    public func withBytes<R>(at i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let range = byteRange(i)
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    public func slice(_ range: Range<Int>) -> VarBinary {
        let base = offsets[range.lowerBound]
        let end = offsets[range.upperBound]
        return VarBinary(offsets: offsets[range.lowerBound...range.upperBound].map { $0 - base },
                         bytes: Array(bytes[base..<end]))
    }

    /// The values of `source` at `indices` (each in range), in that order (a dictionary looked up): both
    /// arrays allocated once at their exact size and written without being zeroed first. Values of up to
    /// 16 bytes move as two 8-byte words from a padded copy of the source, not through a memcpy call each.
    public init(_ source: VarBinary, at indices: UnsafeBufferPointer<UInt32>) {
        let from = source.offsets
        let ends = [Int](unsafeUninitializedCapacity: indices.count + 1) { ends, initialized in
            from.withUnsafeBufferPointer { from in
                var end = 0
                ends[0] = 0
                for k in 0..<indices.count {
                    let i = Int(indices[k])
                    end &+= from[i &+ 1] &- from[i]
                    ends[k &+ 1] = end
                }
            }
            initialized = indices.count + 1
        }
        let total = ends[indices.count]
        var padded = source.bytes
        padded.append(contentsOf: repeatElement(0, count: 16))
        let bytes = [UInt8](unsafeUninitializedCapacity: total + 16) { out, initialized in
            guard let to = out.baseAddress else { return }
            padded.withUnsafeBufferPointer { padded in
                from.withUnsafeBufferPointer { from in
                    let base = UnsafeRawPointer(padded.baseAddress!)
                    let raw = UnsafeMutableRawPointer(to)
                    var position = 0
                    for k in 0..<indices.count {
                        let i = Int(indices[k])
                        let lo = from[i], length = from[i &+ 1] &- lo
                        if length <= 16 {
                            // The capacity has 16 bytes of slack past `total` for the words' overrun.
                            raw.storeBytes(of: base.loadUnaligned(fromByteOffset: lo, as: UInt64.self), toByteOffset: position, as: UInt64.self)
                            raw.storeBytes(of: base.loadUnaligned(fromByteOffset: lo &+ 8, as: UInt64.self), toByteOffset: position &+ 8, as: UInt64.self)
                        } else {
                            (to + position).initialize(from: padded.baseAddress! + lo, count: length)
                        }
                        position &+= length
                    }
                }
            }
            initialized = total
        }
        self.init(offsets: ends, bytes: bytes)
    }

    /// Appends the values of `source` at `indices` (each in range), in that order: sized once and copied
    /// through pointers, since an Array append per short string costs more than its copy.
    @inlinable
    public mutating func append<Index: BinaryInteger>(_ source: VarBinary, at indices: UnsafeBufferPointer<Index>) {
        guard !indices.isEmpty else { return }
        source.offsets.withUnsafeBufferPointer { from in
            var end = offsets[offsets.count - 1]
            let start = end
            offsets.append(contentsOf: repeatElement(0, count: indices.count))
            offsets.withUnsafeMutableBufferPointer { ends in
                var k = ends.count - indices.count
                for i in indices {
                    end &+= from[Int(i) &+ 1] &- from[Int(i)]
                    ends[k] = end
                    k &+= 1
                }
            }
            bytes.append(contentsOf: repeatElement(0, count: end - start))
            bytes.withUnsafeMutableBufferPointer { destination in
                source.bytes.withUnsafeBufferPointer { sourceBytes in
                    guard let to = destination.baseAddress, let base = sourceBytes.baseAddress else { return }
                    var position = start
                    for i in indices {
                        let lo = from[Int(i)], length = from[Int(i) &+ 1] &- lo
                        (to + position).update(from: base + lo, count: length)
                        position &+= length
                    }
                }
            }
        }
    }

    public mutating func append(contentsOf other: VarBinary) {
        let base = bytes.count
        bytes.append(contentsOf: other.bytes)
        offsets.append(contentsOf: other.offsets.dropFirst())
        guard base != 0 else { return }
        offsets.withUnsafeMutableBufferPointer { all in
            for i in (all.count - other.count)..<all.count { all[i] &+= base }
        }
    }
}
