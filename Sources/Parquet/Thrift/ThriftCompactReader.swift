/// Reads Thrift compact protocol from untrusted bytes. Every read is bounds-checked and every failure is a
/// `ParquetError.corrupt`: hostile input never traps, never loops forever and never allocates more than the
/// input could describe.
///
/// Usage per struct: `beginStruct()`, then `while let field = try nextField() { switch … default: skip }`,
/// then `endStruct()`.
public struct ThriftCompactReader {
    static let maxDepth = 64

    private let bytes: [UInt8]
    public private(set) var position: Int
    private var lastFieldID: Int16 = 0
    private var fieldIDStack: [Int16] = []
    /// A bool field's value travels in its header.
    private var pendingBool: Bool?

    public init(_ bytes: [UInt8], position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    public var remaining: Int { bytes.count - position }

    public mutating func beginStruct() throws {
        guard fieldIDStack.count < ThriftCompactReader.maxDepth else { throw ParquetError.corrupt("Thrift structures nested too deeply") }
        fieldIDStack.append(lastFieldID)
        lastFieldID = 0
    }

    public mutating func endStruct() {
        lastFieldID = fieldIDStack.popLast() ?? 0
    }

    /// The next field's id and type, or nil at the struct's STOP.
    public mutating func nextField() throws -> (id: Int16, type: ThriftType)? {
        let header = try readRawByte()
        if header == 0 { return nil }
        guard let type = ThriftType(rawValue: header & 0x0F) else {
            throw ParquetError.corrupt("unknown Thrift type \(header & 0x0F)")
        }
        let delta = header >> 4
        let id: Int16
        if delta != 0 {
            let (sum, overflow) = lastFieldID.addingReportingOverflow(Int16(delta))
            guard !overflow else { throw ParquetError.corrupt("Thrift field id overflow") }
            id = sum
        } else {
            let raw = try readZigzag()
            guard let narrow = Int16(exactly: raw) else { throw ParquetError.corrupt("Thrift field id \(raw) out of range") }
            id = narrow
        }
        lastFieldID = id
        if type == .boolTrue || type == .boolFalse { pendingBool = type == .boolTrue }
        return (id, type == .boolFalse ? .boolTrue : type)
    }

    public mutating func readBool() throws -> Bool {
        if let value = pendingBool {
            pendingBool = nil
            return value
        }
        return try readRawByte() == 1
    }

    public mutating func readByte() throws -> Int8 { Int8(bitPattern: try readRawByte()) }

    public mutating func readI16() throws -> Int16 {
        let v = try readZigzag()
        guard let narrow = Int16(exactly: v) else { throw ParquetError.corrupt("Thrift i16 \(v) out of range") }
        return narrow
    }

    public mutating func readI32() throws -> Int32 {
        let v = try readZigzag()
        guard let narrow = Int32(exactly: v) else { throw ParquetError.corrupt("Thrift i32 \(v) out of range") }
        return narrow
    }

    public mutating func readI64() throws -> Int64 { try readZigzag() }

    public mutating func readDouble() throws -> Double {
        guard remaining >= 8 else { throw ParquetError.corrupt("truncated Thrift double") }
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        position += 8
        return Double(bitPattern: bits)
    }

    public mutating func readBinary() throws -> [UInt8] {
        let length = try binaryLength()
        let out = Array(bytes[position..<(position + length)])
        position += length
        return out
    }

    /// A binary of 1 to 8 bytes as the little-endian integer it holds (a fixed-width statistic), without
    /// copying it out; nil for any other length, whose bytes are passed over.
    public mutating func readBinaryAsLittleEndianInteger() throws -> UInt64? {
        let length = try binaryLength()
        defer { position += length }
        guard (1...8).contains(length) else { return nil }
        var value: UInt64 = 0
        for k in 0..<length { value |= UInt64(bytes[position + k]) << (8 * UInt64(k)) }
        return value
    }

    /// A binary's length, checked against the bytes left.
    private mutating func binaryLength() throws -> Int {
        let length = try readVarint()
        guard length <= UInt64(remaining) else {
            throw ParquetError.corrupt("Thrift binary of \(length) bytes exceeds the \(remaining) remaining")
        }
        return Int(length)
    }

    public mutating func readString() throws -> String {
        let raw = try readBinary()
        guard let s = String(validating: raw, as: UTF8.self) else { throw ParquetError.corrupt("Thrift string is not valid UTF-8") }
        return s
    }

    /// A list header: the element type and count, checked against the bytes left (every element takes at
    /// least one byte, except booleans which also take one).
    public mutating func beginList() throws -> (elementType: ThriftType, count: Int) {
        let header = try readRawByte()
        guard let type = ThriftType(rawValue: header & 0x0F) else {
            throw ParquetError.corrupt("unknown Thrift list element type \(header & 0x0F)")
        }
        var count = UInt64(header >> 4)
        if count == 15 { count = try readVarint() }
        guard count <= UInt64(remaining) else {
            throw ParquetError.corrupt("Thrift list of \(count) elements exceeds the \(remaining) bytes remaining")
        }
        return (type == .boolFalse ? .boolTrue : type, Int(count))
    }

    /// Reads a list whose elements `element` decodes, checking the element type.
    public mutating func readList<T>(of expected: ThriftType, _ element: (inout ThriftCompactReader) throws -> T) throws -> [T] {
        let (type, count) = try beginList()
        guard type == expected else {
            throw ParquetError.corrupt("Thrift list holds type \(type), expected \(expected)")
        }
        var out: [T] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try element(&self)) }
        return out
    }

    /// Skips a value of any type (fields from newer writers, or of an unexpected type).
    public mutating func skip(_ type: ThriftType, depth: Int = 0) throws {
        guard depth < ThriftCompactReader.maxDepth else { throw ParquetError.corrupt("Thrift values nested too deeply") }
        switch type {
        case .boolTrue, .boolFalse:
            if pendingBool != nil { pendingBool = nil } else { _ = try readRawByte() }
        case .byte: _ = try readRawByte()
        case .i16, .i32, .i64: _ = try readVarint()
        case .double:
            guard remaining >= 8 else { throw ParquetError.corrupt("truncated Thrift double") }
            position += 8
        case .binary:
            position += try binaryLength()  // passed over without copying it out
        case .list, .set:
            let (elementType, count) = try beginList()
            for _ in 0..<count { try skip(elementType, depth: depth + 1) }
        case .map:
            let count = try readVarint()
            guard count <= UInt64(remaining) else { throw ParquetError.corrupt("Thrift map of \(count) entries exceeds the input") }
            if count == 0 { return }
            let types = try readRawByte()
            guard let keyType = ThriftType(rawValue: types >> 4), let valueType = ThriftType(rawValue: types & 0x0F) else {
                throw ParquetError.corrupt("unknown Thrift map types")
            }
            for _ in 0..<count {
                try skip(keyType, depth: depth + 1)
                try skip(valueType, depth: depth + 1)
            }
        case .structure:
            try beginStruct()
            while let field = try nextField() { try skip(field.type, depth: depth + 1) }
            endStruct()
        }
    }

    private mutating func readRawByte() throws -> UInt8 {
        guard position < bytes.count else { throw ParquetError.corrupt("truncated Thrift data") }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func readVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readRawByte()
            if shift == 63 && byte > 1 { throw ParquetError.corrupt("Thrift varint overflows 64 bits") }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw ParquetError.corrupt("Thrift varint longer than 10 bytes") }
        }
    }

    private mutating func readZigzag() throws -> Int64 {
        let v = try readVarint()
        return Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
    }
}
