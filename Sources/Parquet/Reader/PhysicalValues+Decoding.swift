import Columnar

/// Reading: decoded pages joined, and turned into a logical column.
extension PhysicalValues {
    /// The logical column: nulls expanded into placeholder slots, physical values converted to `type`
    /// (narrow integers range-checked, unsigned values reinterpreted).
    func column(_ type: DataType, validity: [Bool]?, name: String) throws -> Column {
        let rows = validity?.count ?? count
        func expand<T>(_ values: [T], zero: T) -> [T] {
            guard let validity else { return values }
            var out = [T](repeating: zero, count: rows)
            out.withUnsafeMutableBufferPointer { dst in
                values.withUnsafeBufferPointer { src in
                    var next = 0
                    for i in 0..<rows where validity[i] {
                        dst[i] = src[next]
                        next += 1
                    }
                }
            }
            return out
        }
        func narrow<T: FixedWidthInteger>(_ values: [Int32], _: T.Type) throws -> [T] {
            var out = [T]()
            out.reserveCapacity(values.count)
            for v in values {
                guard let n = T(exactly: v) else { throw ParquetError.corrupt("column '\(name)': value \(v) does not fit \(type)") }
                out.append(n)
            }
            return out
        }
        let mask = validity.flatMap { $0.contains(false) ? $0 : nil }
        let buffer: ColumnBuffer
        switch (self, type) {
        case (.boolean(let v), .boolean): buffer = .boolean(expand(v, zero: false))
        case (.int32(let v), .int32), (.int32(let v), .date32): buffer = .int32(expand(v, zero: 0))
        case (.int32(let v), .int8): buffer = .int8(expand(try narrow(v, Int8.self), zero: 0))
        case (.int32(let v), .int16): buffer = .int16(expand(try narrow(v, Int16.self), zero: 0))
        case (.int32(let v), .uint8): buffer = .uint8(expand(try narrow(v, UInt8.self), zero: 0))
        case (.int32(let v), .uint16): buffer = .uint16(expand(try narrow(v, UInt16.self), zero: 0))
        case (.int32(let v), .uint32): buffer = .uint32(expand(v.bitCast(to: UInt32.self), zero: 0))
        case (.int64(let v), .int64), (.int64(let v), .timestamp): buffer = .int64(expand(v, zero: 0))
        case (.int64(let v), .uint64): buffer = .uint64(expand(v.bitCast(to: UInt64.self), zero: 0))
        case (.float(let v), .float32): buffer = .float32(expand(v, zero: 0))
        case (.double(let v), .float64): buffer = .float64(expand(v, zero: 0))
        case (.bytes(let v), .string), (.bytes(let v), .binary):
            guard let validity, mask != nil else { buffer = .bytes(v); break }
            var out = VarBinary()
            out.reserve(values: rows, bytes: v.bytes.count)
            var next = 0
            v.bytes.withUnsafeBufferPointer { bytes in
                for i in 0..<rows {
                    if validity[i] {
                        out.append(bytes: UnsafeBufferPointer(rebasing: bytes[v.byteRange(next)]))
                        next += 1
                    } else {
                        out.appendEmpty()
                    }
                }
            }
            buffer = .bytes(out)
        default:
            throw ParquetError.corrupt("column '\(name)': decoded values do not match type \(type)")
        }
        return Column(type: type, buffer: buffer, validity: mask)
    }
}
