import Columnar

/// CAST between numbers, booleans and text, with DuckDB's rules:
/// - integer → narrower integer, float → integer: out of range is an error; floats round half to
///   even first (2.5 → 2, 3.5 → 4), NaN and ±inf are errors;
/// - float64 → float32: a finite value beyond float32's range is an error; NaN and inf carry over;
/// - number → boolean: zero is false, anything else (NaN included) true; boolean → number: 1 / 0;
/// - text → number or boolean: see `NumberText`; text that does not parse is an error;
/// - number → text: see `NumberText.format`; boolean → 'true' / 'false'.
/// Dates and timestamps only cast to themselves for now.
enum CastKernel {
    static func canCast(from source: DataType, to target: DataType) -> Bool {
        if source == target { return true }
        func scalar(_ t: DataType) -> Bool { t.isInteger || t.isFloatingPoint || t == .boolean || t == .string }
        return scalar(source) && scalar(target)
    }

    static func cast(_ column: Column, to target: DataType) throws(SQLEvaluationError) -> Column {
        if column.type == target { return column }
        guard canCast(from: column.type, to: target) else {
            throw SQLEvaluationError("cannot cast \(column.type) to \(target)")
        }
        let valid = column.validity
        let buffer: ColumnBuffer
        switch column.buffer {
        case .boolean(let x): buffer = try fromBooleans(x, to: target)
        case .int8(let x): buffer = try fromIntegers(x, to: target, valid: valid, source: column.type)
        case .int16(let x): buffer = try fromIntegers(x, to: target, valid: valid, source: column.type)
        case .int32(let x): buffer = try fromIntegers(x, to: target, valid: valid, source: column.type)
        case .int64(let x): buffer = try fromIntegers(x, to: target, valid: valid, source: column.type)
        case .uint8(let x): buffer = try fromIntegers(x, to: target, valid: valid, source: column.type)
        case .uint16(let x): buffer = try fromIntegers(x, to: target, valid: valid, source: column.type)
        case .uint32(let x): buffer = try fromIntegers(x, to: target, valid: valid, source: column.type)
        case .uint64(let x): buffer = try fromIntegers(x, to: target, valid: valid, source: column.type)
        case .float32(let x): buffer = try fromFloats(x, to: target, valid: valid, source: column.type)
        case .float64(let x): buffer = try fromFloats(x, to: target, valid: valid, source: column.type)
        case .bytes(let x): buffer = try fromText(x, to: target, valid: valid)
        }
        return Column(type: target, buffer: buffer, validity: valid)
    }

    // MARK: - Sources

    private static func fromBooleans(_ x: [Bool], to target: DataType) throws(SQLEvaluationError) -> ColumnBuffer {
        if target == .string {
            return .bytes(VarBinary(strings: x.map { $0 ? "true" : "false" }))
        }
        return try fromIntegers(x.map { UInt8($0 ? 1 : 0) }, to: target, valid: nil, source: .uint8)
    }

    private static func fromIntegers<T: FixedWidthInteger>(_ x: [T], to target: DataType, valid: [Bool]?,
                                                           source: DataType) throws(SQLEvaluationError) -> ColumnBuffer {
        func narrow<U: FixedWidthInteger>(_: U.Type) throws(SQLEvaluationError) -> [U] {
            var out = [U](repeating: 0, count: x.count)
            for i in x.indices {
                if let v = U(exactly: x[i]) {
                    out[i] = v
                } else if valid?[i] ?? true {
                    throw SQLEvaluationError("cannot cast \(source) value \(x[i]) to \(target): out of range")
                }
            }
            return out
        }
        switch target {
        case .boolean: return .boolean(x.map { $0 != 0 })
        case .int8: return .int8(try narrow(Int8.self))
        case .int16: return .int16(try narrow(Int16.self))
        case .int32: return .int32(try narrow(Int32.self))
        case .int64: return .int64(try narrow(Int64.self))
        case .uint8: return .uint8(try narrow(UInt8.self))
        case .uint16: return .uint16(try narrow(UInt16.self))
        case .uint32: return .uint32(try narrow(UInt32.self))
        case .uint64: return .uint64(try narrow(UInt64.self))
        case .float32: return .float32(x.map { Float($0) })
        case .float64: return .float64(x.map { Double($0) })
        case .string:
            var out = VarBinary()
            out.reserve(values: x.count, bytes: x.count * 4)
            for (i, v) in x.enumerated() {
                if valid?[i] ?? true { NumberText.appendDecimal(v, to: &out.bytes) }
                out.offsets.append(out.bytes.count)
            }
            return .bytes(out)
        default: throw SQLEvaluationError("cannot cast \(source) to \(target)")
        }
    }

    private static func fromFloats<T: BinaryFloatingPoint>(_ x: [T], to target: DataType, valid: [Bool]?,
                                                           source: DataType) throws(SQLEvaluationError) -> ColumnBuffer {
        func integers<U: FixedWidthInteger>(_: U.Type) throws(SQLEvaluationError) -> [U] {
            var out = [U](repeating: 0, count: x.count)
            for i in x.indices {
                if let v = U(exactly: x[i].rounded(.toNearestOrEven)) {
                    out[i] = v
                } else if valid?[i] ?? true {
                    throw SQLEvaluationError("cannot cast \(source) value \(describe(x[i])) to \(target): out of range")
                }
            }
            return out
        }
        switch target {
        case .boolean: return .boolean(x.map { $0 != 0 })
        case .int8: return .int8(try integers(Int8.self))
        case .int16: return .int16(try integers(Int16.self))
        case .int32: return .int32(try integers(Int32.self))
        case .int64: return .int64(try integers(Int64.self))
        case .uint8: return .uint8(try integers(UInt8.self))
        case .uint16: return .uint16(try integers(UInt16.self))
        case .uint32: return .uint32(try integers(UInt32.self))
        case .uint64: return .uint64(try integers(UInt64.self))
        case .float64: return .float64(x.map { Double($0) })
        case .float32:
            var out = [Float](repeating: 0, count: x.count)
            for i in x.indices {
                let f = Float(x[i])
                if f.isInfinite && x[i].isFinite && (valid?[i] ?? true) {
                    throw SQLEvaluationError("cannot cast \(source) value \(describe(x[i])) to float32: out of range")
                }
                out[i] = f
            }
            return .float32(out)
        case .string:
            var out = VarBinary()
            for (i, v) in x.enumerated() {
                if valid?[i] ?? true { out.bytes.append(contentsOf: describe(v).utf8) }
                out.offsets.append(out.bytes.count)
            }
            return .bytes(out)
        default: throw SQLEvaluationError("cannot cast \(source) to \(target)")
        }
    }

    private static func describe<T: BinaryFloatingPoint>(_ v: T) -> String {
        if let f = v as? Float { return NumberText.format(f) }
        return NumberText.format(Double(v))
    }

    private static func fromText(_ x: VarBinary, to target: DataType, valid: [Bool]?) throws(SQLEvaluationError) -> ColumnBuffer {
        func parse<U>(_ reader: (UnsafeBufferPointer<UInt8>) -> U?, zero: U) throws(SQLEvaluationError) -> [U] {
            var out = [U](repeating: zero, count: x.count)
            try x.bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(SQLEvaluationError) in
                for i in 0..<x.count where valid?[i] ?? true {
                    let text = UnsafeBufferPointer(rebasing: b[x.byteRange(i)])
                    guard let v = reader(text) else {
                        throw SQLEvaluationError("could not convert string '\(String(decoding: text, as: UTF8.self))' to \(target)")
                    }
                    out[i] = v
                }
            }
            return out
        }
        switch target {
        case .boolean: return .boolean(try parse(NumberText.parseBoolean, zero: false))
        case .int8: return .int8(try parse({ NumberText.parseInteger($0, as: Int8.self) }, zero: 0))
        case .int16: return .int16(try parse({ NumberText.parseInteger($0, as: Int16.self) }, zero: 0))
        case .int32: return .int32(try parse({ NumberText.parseInteger($0, as: Int32.self) }, zero: 0))
        case .int64: return .int64(try parse({ NumberText.parseInteger($0, as: Int64.self) }, zero: 0))
        case .uint8: return .uint8(try parse({ NumberText.parseInteger($0, as: UInt8.self) }, zero: 0))
        case .uint16: return .uint16(try parse({ NumberText.parseInteger($0, as: UInt16.self) }, zero: 0))
        case .uint32: return .uint32(try parse({ NumberText.parseInteger($0, as: UInt32.self) }, zero: 0))
        case .uint64: return .uint64(try parse({ NumberText.parseInteger($0, as: UInt64.self) }, zero: 0))
        case .float32: return .float32(try parse({ NumberText.parseFloat($0, as: Float.self) }, zero: 0))
        case .float64: return .float64(try parse({ NumberText.parseFloat($0, as: Double.self) }, zero: 0))
        default: throw SQLEvaluationError("cannot cast string to \(target)")
        }
    }
}
