/// A bounds-checked reading position over untrusted bytes. Every read throws `ParquetError.corrupt`
/// instead of reading past the end.
struct ByteCursor {
    let bytes: UnsafeRawBufferPointer
    private(set) var position: Int

    init(_ bytes: UnsafeRawBufferPointer, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var remaining: Int { bytes.count - position }
    var isAtEnd: Bool { position >= bytes.count }

    @inline(__always)
    mutating func readByte(_ what: StaticString) throws -> UInt8 {
        guard position < bytes.count else { throw ParquetError.corrupt("\(what): unexpected end of data") }
        let b = bytes[position]
        position &+= 1
        return b
    }

    /// Unsigned LEB128 varint, at most 10 bytes, rejecting bits beyond 64.
    @inline(__always)
    mutating func readULEB128(_ what: StaticString) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try readByte(what)
            let payload = UInt64(b & 0x7F)
            if shift == 63 && payload > 1 { throw ParquetError.corrupt("\(what): varint overflows 64 bits") }
            result |= payload << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw ParquetError.corrupt("\(what): varint longer than 10 bytes") }
        }
    }

    /// ZigZag-encoded signed varint.
    @inline(__always)
    mutating func readZigZag(_ what: StaticString) throws -> Int64 {
        let u = try readULEB128(what)
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    /// A ULEB128 varint that must fit a non-negative `Int` no larger than `limit`.
    mutating func readCount(_ what: StaticString, limit: Int = Int(Int32.max)) throws -> Int {
        let u = try readULEB128(what)
        guard u <= UInt64(limit) else { throw ParquetError.corrupt("\(what): \(u) exceeds \(limit)") }
        return Int(u)
    }

    @inline(__always)
    mutating func readUInt32LE(_ what: StaticString) throws -> UInt32 {
        guard remaining >= 4 else { throw ParquetError.corrupt("\(what): unexpected end of data") }
        let v = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self))
        position &+= 4
        return v
    }

    /// The next `count` bytes, consumed.
    @inline(__always)
    mutating func take(_ count: Int, _ what: StaticString) throws -> UnsafeRawBufferPointer {
        guard count >= 0, count <= remaining else {
            throw ParquetError.corrupt("\(what): needs \(count) bytes, \(remaining) left")
        }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[position..<(position + count)])
        position &+= count
        return slice
    }

    /// Up to `count` bytes (fewer at the end of the data), consumed.
    mutating func takeUpTo(_ count: Int) -> UnsafeRawBufferPointer {
        let n = Swift.min(Swift.max(count, 0), remaining)
        let slice = UnsafeRawBufferPointer(rebasing: bytes[position..<(position + n)])
        position &+= n
        return slice
    }

    /// The bytes not read yet, without consuming them.
    var rest: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[position...]) }

    mutating func skip(_ count: Int, _ what: StaticString) throws { _ = try take(count, what) }
}

/// Writing helpers shared by the encoders.
enum ByteWriter {
    @inline(__always)
    static func appendULEB128(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    @inline(__always)
    static func appendZigZag(_ value: Int64, to out: inout [UInt8]) {
        appendULEB128(UInt64(bitPattern: (value << 1) ^ (value >> 63)), to: &out)
    }

    @inline(__always)
    static func appendUInt32LE(_ value: UInt32, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    /// Overwrites 4 bytes at `offset` with `value` little-endian (for length prefixes written afterwards).
    static func storeUInt32LE(_ value: UInt32, at offset: Int, in out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { src in
            for k in 0..<4 { out[offset + k] = src[k] }
        }
    }
}

func checkCount(_ count: Int) throws {
    guard count >= 0 else { throw ParquetError.invalidArgument("value count \(count) is negative") }
}

extension Array {
    /// Appends `count` slots for `body` to write, every one of them (`fill` is what an appended slot holds
    /// before; a fresh array of plain values skips that pass). When `body` throws, the array is restored
    /// to its previous length.
    @inline(__always)
    mutating func appendFilled<R>(
        _ count: Int, with fill: Element, _ body: (UnsafeMutableBufferPointer<Element>) throws -> R
    ) throws -> R {
        // The common case, a fresh array: no fill pass before the decoder overwrites every slot.
        if isEmpty, count > 0, _isPOD(Element.self) {
            var result: R?
            self = try Array(unsafeUninitializedCapacity: count) { buffer, initialized in
                result = try body(UnsafeMutableBufferPointer(rebasing: buffer[0..<count]))
                initialized = count
            }
            return result!
        }
        let start = self.count
        append(contentsOf: repeatElement(fill, count: count))
        do {
            return try withUnsafeMutableBufferPointer { all in
                try body(UnsafeMutableBufferPointer(rebasing: all[start...]))
            }
        } catch {
            removeSubrange(start...)
            throw error
        }
    }
}
