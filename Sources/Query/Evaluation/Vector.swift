import Columnar

/// An intermediate result: a column with one value per input row, or — for constants and anything
/// computed only from constants — a single value that stands for every row, so that `x > 5` does
/// not copy 5 out to the length of the batch. Kernels read a constant with stride 0.
struct Vector {
    var column: Column
    var isConstant: Bool

    init(_ column: Column, isConstant: Bool = false) {
        self.column = column
        self.isConstant = isConstant
    }

    /// A constant vector, or nil when `value` cannot be stored as `type`.
    static func constant(_ value: Value, type: DataType) -> Vector? {
        Column(constant: value, type: type).map { Vector($0, isConstant: true) }
    }

    var type: DataType { column.type }

    /// 0 for a constant (every row reads element 0), 1 otherwise.
    var stride: Int { isConstant ? 0 : 1 }

    /// Whether this is a constant NULL.
    var isConstantNull: Bool { isConstant && column.validity?.first == false }

    /// Whether row `i` is NULL.
    @inline(__always) func isNull(_ i: Int) -> Bool {
        guard let v = column.validity else { return false }
        return !v[isConstant ? 0 : i]
    }

    /// The full column for `count` rows.
    func materialized(_ count: Int) -> Column {
        guard isConstant else { return column }
        return column.gather([Int](repeating: 0, count: count))
    }
}

extension Column {
    /// A one-row column holding `value` (NULL when `value` is `.null`); nil when `value` is not of
    /// a kind `type` stores.
    init?(constant value: Value, type: DataType) {
        if value == .null {
            var empty = ColumnBuffer.empty(for: type)
            empty.append(contentsOf: ColumnBuffer.zero(for: type))
            self.init(type: type, buffer: empty, validity: [false])
            return
        }
        let buffer: ColumnBuffer
        switch (value, ColumnBuffer.empty(for: type)) {
        case (.boolean(let b), .boolean): buffer = .boolean([b])
        case (.int(let v), .int8): buffer = .int8([Int8(truncatingIfNeeded: v)])
        case (.int(let v), .int16): buffer = .int16([Int16(truncatingIfNeeded: v)])
        case (.int(let v), .int32): buffer = .int32([Int32(truncatingIfNeeded: v)])
        case (.int(let v), .int64): buffer = .int64([v])
        case (.int(let v), .uint8): buffer = .uint8([UInt8(truncatingIfNeeded: v)])
        case (.int(let v), .uint16): buffer = .uint16([UInt16(truncatingIfNeeded: v)])
        case (.int(let v), .uint32): buffer = .uint32([UInt32(truncatingIfNeeded: v)])
        case (.int(let v), .uint64): buffer = .uint64([UInt64(truncatingIfNeeded: v)])
        case (.uint(let v), .uint8): buffer = .uint8([UInt8(truncatingIfNeeded: v)])
        case (.uint(let v), .uint16): buffer = .uint16([UInt16(truncatingIfNeeded: v)])
        case (.uint(let v), .uint32): buffer = .uint32([UInt32(truncatingIfNeeded: v)])
        case (.uint(let v), .uint64): buffer = .uint64([v])
        case (.uint(let v), .int64): buffer = .int64([Int64(truncatingIfNeeded: v)])
        case (.int(let v), .float32): buffer = .float32([Float(v)])
        case (.int(let v), .float64): buffer = .float64([Double(v)])
        case (.uint(let v), .float32): buffer = .float32([Float(v)])
        case (.uint(let v), .float64): buffer = .float64([Double(v)])
        case (.double(let v), .float32): buffer = .float32([Float(v)])
        case (.double(let v), .float64): buffer = .float64([v])
        case (.string(let s), .bytes): buffer = .bytes(VarBinary(strings: [s]))
        case (.bytes(let b), .bytes):
            var v = VarBinary()
            v.append(contentsOf: b)
            buffer = .bytes(v)
        default:
            return nil
        }
        self.init(type: type, buffer: buffer)
    }
}

extension ColumnBuffer {
    /// One placeholder element (zero / false / empty) of the kind that stores `type`.
    static func zero(for type: DataType) -> ColumnBuffer {
        switch ColumnBuffer.empty(for: type) {
        case .boolean: return .boolean([false])
        case .int8: return .int8([0])
        case .int16: return .int16([0])
        case .int32: return .int32([0])
        case .int64: return .int64([0])
        case .uint8: return .uint8([0])
        case .uint16: return .uint16([0])
        case .uint32: return .uint32([0])
        case .uint64: return .uint64([0])
        case .float32: return .float32([0])
        case .float64: return .float64([0])
        case .bytes: return .bytes(VarBinary(offsets: [0, 0], bytes: []))
        }
    }
}
