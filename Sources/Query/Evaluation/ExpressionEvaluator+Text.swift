import Columnar

/// Text operators and functions: `||`, LIKE / ILIKE, LOWER, UPPER, LENGTH and SUBSTRING.
/// LENGTH and SUBSTRING count characters (Unicode code points, as DuckDB), not bytes.
extension ExpressionEvaluator {
    func concatenate(_ a: Vector, _ b: Vector, count: Int) throws(SQLEvaluationError) -> Vector {
        guard case .bytes(let x) = a.column.buffer, case .bytes(let y) = b.column.buffer else {
            throw SQLEvaluationError("|| needs text, not \(a.type) and \(b.type)")
        }
        let (n, constant) = resultCount(a, b, count: count)
        let validity = mergedValidity([a, b], count: n)
        var out = VarBinary()
        out.reserve(values: n, bytes: (a.isConstant ? n : 1) * x.bytes.count + (b.isConstant ? n : 1) * y.bytes.count)
        for i in 0..<n {
            if let validity, !validity[i] {
                out.appendEmpty()
                continue
            }
            out.bytes.append(contentsOf: x.bytes[x.byteRange(i * a.stride)])
            out.bytes.append(contentsOf: y.bytes[y.byteRange(i * b.stride)])
            out.offsets.append(out.bytes.count)
        }
        return Vector(Column(type: .string, buffer: .bytes(out), validity: validity), isConstant: constant)
    }

    func like(_ subject: Vector, _ pattern: Vector, escape: Unicode.Scalar?, caseInsensitive: Bool, negated: Bool,
              count: Int) throws(SQLEvaluationError) -> Vector {
        guard case .bytes(var text) = subject.column.buffer, case .bytes(var shapes) = pattern.column.buffer else {
            throw SQLEvaluationError("LIKE needs text, not \(subject.type) and \(pattern.type)")
        }
        if caseInsensitive {
            text = mapText(text, CaseMapping.lowercase)
            shapes = mapText(shapes, CaseMapping.lowercase)
        }
        let (n, constant) = resultCount(subject, pattern, count: count)
        let validity = mergedValidity([subject, pattern], count: n)
        var values = [Bool](repeating: false, count: n)
        // A constant pattern (the usual case) is compiled once; otherwise the last one compiled is
        // reused while rows repeat it.
        var compiled: (source: ArraySlice<UInt8>, pattern: LikePattern)?
        let textBytes = text.bytes, shapeBytes = shapes.bytes
        try textBytes.withUnsafeBufferPointer { (tb: UnsafeBufferPointer<UInt8>) throws(SQLEvaluationError) in
            for i in 0..<n {
                if let validity, !validity[i] { continue }
                let source = shapeBytes[shapes.byteRange(i * pattern.stride)]
                if compiled == nil || !(pattern.isConstant || compiled!.source == source) {
                    let p = try source.withUnsafeBufferPointer { (s: UnsafeBufferPointer<UInt8>) throws(SQLEvaluationError) in
                        try LikePattern(s, escape: escape)
                    }
                    compiled = (source, p)
                }
                values[i] = compiled!.pattern.matches(UnsafeBufferPointer(rebasing: tb[text.byteRange(i * subject.stride)])) != negated
            }
        }
        return Vector(Column(type: .boolean, buffer: .boolean(values), validity: validity), isConstant: constant)
    }

    func mapText(_ v: VarBinary, _ transform: (UnsafeBufferPointer<UInt8>, inout [UInt8]) -> Void) -> VarBinary {
        var out = VarBinary()
        out.reserve(values: v.count, bytes: v.bytes.count)
        v.bytes.withUnsafeBufferPointer { b in
            for i in 0..<v.count {
                transform(UnsafeBufferPointer(rebasing: b[v.byteRange(i)]), &out.bytes)
                out.offsets.append(out.bytes.count)
            }
        }
        return out
    }

    /// Characters in each string: bytes that do not continue a UTF-8 sequence.
    func length(_ v: VarBinary) -> [Int64] {
        v.bytes.withUnsafeBufferPointer { b in
            (0..<v.count).map { i in
                var characters: Int64 = 0
                for k in v.byteRange(i) where b[k] & 0xC0 != 0x80 { characters += 1 }
                return characters
            }
        }
    }

    /// DuckDB's SUBSTRING(s, start[, length]) on characters: `start` is 1-based; 0 is the position
    /// before the first character; a negative start counts from the end; a negative length takes the
    /// characters before `start`. The range is then clipped to the string.
    func substring(_ text: Vector, _ start: Vector, _ length: Vector?, count: Int) throws(SQLEvaluationError) -> Vector {
        guard case .bytes(let strings) = text.column.buffer, case .int64(let starts) = start.column.buffer else {
            throw SQLEvaluationError("substring needs text and an integer")
        }
        var lengths: [Int64]?
        if let length {
            guard case .int64(let l) = length.column.buffer else { throw SQLEvaluationError("substring needs an integer length") }
            lengths = l
        }
        let operands = [text, start] + (length.map { [$0] } ?? [])
        let constant = operands.allSatisfy(\.isConstant)
        let n = constant ? 1 : count
        let validity = mergedValidity(operands, count: n)
        var out = VarBinary()
        try strings.bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(SQLEvaluationError) in
            for i in 0..<n {
                if let validity, !validity[i] {
                    out.appendEmpty()
                    continue
                }
                let range = strings.byteRange(i * text.stride)
                let offset = starts[i * start.stride]
                let count = lengths.map { $0[i * length!.stride] }
                if offset > 4_294_967_295 || offset < -4_294_967_296 {
                    throw SQLEvaluationError("substring offset \(offset) is outside the supported range")
                }
                if let count, count > 4_294_967_295 || count < -4_294_967_296 {
                    throw SQLEvaluationError("substring length \(count) is outside the supported range")
                }
                let slice = UnsafeBufferPointer(rebasing: b[range])
                let ascii = !slice.contains { $0 >= 0x80 }
                let characters = ascii ? Int64(slice.count) : Int64(slice.reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) })
                let first = offset > 0 ? offset - 1 : (offset < 0 ? characters + offset : -1)
                var lo: Int64, hi: Int64
                if let count {
                    (lo, hi) = count >= 0 ? (first, first + count) : (first + count, first)
                } else {
                    (lo, hi) = (first, characters)
                }
                lo = max(0, min(lo, characters))
                hi = max(lo, min(hi, characters))
                if ascii {
                    out.append(bytes: UnsafeBufferPointer(rebasing: slice[Int(lo)..<Int(hi)]))
                } else {
                    // Byte positions of characters lo and hi.
                    var character: Int64 = 0, startByte = slice.count, endByte = slice.count
                    for k in 0..<slice.count where slice[k] & 0xC0 != 0x80 {
                        if character == lo { startByte = k }
                        if character == hi { endByte = k; break }
                        character += 1
                    }
                    out.append(bytes: UnsafeBufferPointer(rebasing: slice[startByte..<max(startByte, endByte)]))
                }
            }
        }
        return Vector(Column(type: .string, buffer: .bytes(out), validity: validity), isConstant: constant)
    }
}
