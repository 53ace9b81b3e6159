/// Writes Thrift compact protocol (the encoding of every Parquet metadata structure).
///
/// Usage per struct: `beginStruct()`, one `write…(field:)` per set field in increasing id order, `endStruct()`.
public struct ThriftCompactWriter {
    public private(set) var bytes: [UInt8] = []
    private var lastFieldID: Int16 = 0
    private var fieldIDStack: [Int16] = []

    public init() {}

    public mutating func beginStruct() {
        fieldIDStack.append(lastFieldID)
        lastFieldID = 0
    }

    public mutating func endStruct() {
        bytes.append(0)  // STOP
        lastFieldID = fieldIDStack.popLast() ?? 0
    }

    private mutating func fieldHeader(_ id: Int16, _ type: ThriftType) {
        let delta = Int(id) - Int(lastFieldID)
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            writeVarint(zigzag(Int64(id)))
        }
        lastFieldID = id
    }

    public mutating func writeBool(field id: Int16, _ value: Bool) {
        fieldHeader(id, value ? .boolTrue : .boolFalse)
    }

    public mutating func writeByte(field id: Int16, _ value: Int8) {
        fieldHeader(id, .byte)
        bytes.append(UInt8(bitPattern: value))
    }

    public mutating func writeI16(field id: Int16, _ value: Int16) {
        fieldHeader(id, .i16)
        writeVarint(zigzag(Int64(value)))
    }

    public mutating func writeI32(field id: Int16, _ value: Int32) {
        fieldHeader(id, .i32)
        writeVarint(zigzag(Int64(value)))
    }

    public mutating func writeI64(field id: Int16, _ value: Int64) {
        fieldHeader(id, .i64)
        writeVarint(zigzag(value))
    }

    public mutating func writeDouble(field id: Int16, _ value: Double) {
        fieldHeader(id, .double)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func writeBinary(field id: Int16, _ value: [UInt8]) {
        fieldHeader(id, .binary)
        writeBinaryValue(value)
    }

    public mutating func writeString(field id: Int16, _ value: String) {
        writeBinary(field: id, Array(value.utf8))
    }

    /// The header of a struct-valued field; the struct itself follows (`beginStruct()` … `endStruct()`).
    public mutating func writeStructFieldHeader(_ id: Int16) {
        fieldHeader(id, .structure)
    }

    /// Starts a list field; the caller then writes `count` elements with the `…Element` methods.
    public mutating func beginList(field id: Int16, elementType: ThriftType, count: Int) {
        fieldHeader(id, .list)
        let type = elementType == .boolFalse ? ThriftType.boolTrue : elementType
        if count < 15 {
            bytes.append(UInt8(count) << 4 | type.rawValue)
        } else {
            bytes.append(0xF0 | type.rawValue)
            writeVarint(UInt64(count))
        }
    }

    public mutating func writeI32Element(_ value: Int32) { writeVarint(zigzag(Int64(value))) }
    public mutating func writeI64Element(_ value: Int64) { writeVarint(zigzag(value)) }
    public mutating func writeBinaryElement(_ value: [UInt8]) { writeBinaryValue(value) }
    public mutating func writeStringElement(_ value: String) { writeBinaryValue(Array(value.utf8)) }
    /// Booleans inside containers are one byte: 1 for true, 2 for false.
    public mutating func writeBoolElement(_ value: Bool) { bytes.append(value ? 1 : 2) }

    private mutating func writeBinaryValue(_ value: [UInt8]) {
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    private mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    private func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }
}
