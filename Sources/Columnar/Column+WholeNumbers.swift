extension Column {
    /// Whether every non-null value of `rows` is a whole number: always for integer columns, never for
    /// columns that are not numbers; for floating-point ones, as `Double.isIntegral` says of each. Counts
    /// stored as float32 pass, normalized values fail.
    public func holdsWholeNumbers(_ rows: Range<Int>) -> Bool {
        switch buffer {
        case .float32(let v): return Self.whole(v, rows, validity)
        case .float64(let v): return Self.whole(v, rows, validity)
        case .boolean, .bytes: return false
        default: return true
        }
    }

    /// Sums each value's `fraction` (in two lanes, so additions do not wait on one
    /// another) and tests the sum once: zero exactly when every value is whole (NaN stays NaN).
    private static func whole<F: BinaryFloatingPoint>(_ values: [F], _ rows: Range<Int>, _ validity: [Bool]?) -> Bool {
        values.withUnsafeBufferPointer { v in
            if let validity {
                var sum = 0.0
                for k in rows where validity[k] { sum += Double(v[k]).fraction }
                return sum == 0
            }
            var (a, b) = (0.0, 0.0)
            var k = rows.lowerBound
            while k &+ 2 <= rows.upperBound {
                a += Double(v[k]).fraction
                b += Double(v[k &+ 1]).fraction
                k &+= 2
            }
            if k < rows.upperBound { a += Double(v[k]).fraction }
            return a + b == 0
        }
    }
}
