import Columnar

/// Bytes of one Arrow buffer, borrowed from the typed array that holds them (no copy until written).
public struct ArrowBuffer: @unchecked Sendable {
    public let byteCount: Int
    private let access: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void

    public init<T>(_ values: [T]) {
        byteCount = values.count * MemoryLayout<T>.stride
        access = { body in try values.withUnsafeBytes(body) }
    }

    public func withBytes(_ body: (UnsafeRawBufferPointer) throws -> Void) throws { try access(body) }
}

/// One column of a record batch in Arrow's physical layout.
public indirect enum ArrowArray: @unchecked Sendable {
    /// Fixed-width values (integers, floats): `count` of them.
    case fixed(count: Int, validity: [Bool]?, values: ArrowBuffer)
    case bool(values: [Bool], validity: [Bool]?)
    /// Strings or binary: `offsets` has count + 1 entries into `data`.
    case variable(offsets: [Int32], data: ArrowBuffer, validity: [Bool]?)
    /// Lists: `offsets` has count + 1 entries into `element`'s values.
    case list(offsets: [Int32], element: ArrowArray, validity: [Bool]?)

    public var count: Int {
        switch self {
        case .fixed(let count, _, _): return count
        case .bool(let values, _): return values.count
        case .variable(let offsets, _, _), .list(let offsets, _, _): return offsets.count - 1
        }
    }

    var validity: [Bool]? {
        switch self {
        case .fixed(_, let validity, _), .bool(_, let validity), .variable(_, _, let validity), .list(_, _, let validity): return validity
        }
    }

    var nullCount: Int { validity.map { $0.count { !$0 } } ?? 0 }
}

extension ArrowArray {
    /// A Columnar column as Arrow data, and the Arrow type it has.
    public static func from(_ column: Column) -> (type: ArrowType, array: ArrowArray) {
        let validity = column.validity
        func fixed<T>(_ values: [T], _ type: ArrowType) -> (ArrowType, ArrowArray) {
            (type, .fixed(count: values.count, validity: validity, values: ArrowBuffer(values)))
        }
        switch column.buffer {
        case .boolean(let v): return (.bool, .bool(values: v, validity: validity))
        case .int8(let v): return fixed(v, .int(bits: 8, signed: true))
        case .int16(let v): return fixed(v, .int(bits: 16, signed: true))
        case .int32(let v): return fixed(v, .int(bits: 32, signed: true))
        case .int64(let v): return fixed(v, .int(bits: 64, signed: true))
        case .uint8(let v): return fixed(v, .int(bits: 8, signed: false))
        case .uint16(let v): return fixed(v, .int(bits: 16, signed: false))
        case .uint32(let v): return fixed(v, .int(bits: 32, signed: false))
        case .uint64(let v): return fixed(v, .int(bits: 64, signed: false))
        case .float32(let v): return fixed(v, .float32)
        case .float64(let v): return fixed(v, .float64)
        case .bytes(let v):
            let offsets = (0...v.count).map { Int32(truncatingIfNeeded: $0 == v.count ? v.bytes.count : v.byteRange($0).lowerBound) }
            return (column.type == .binary ? .binary : .utf8, .variable(offsets: offsets, data: ArrowBuffer(v.bytes), validity: validity))
        }
    }
}
