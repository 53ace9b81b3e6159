import Columnar
import Lake

/// The X matrix (or a layer) of an h5ad file: CSR, CSC or dense, read in bounded row chunks.
public struct AnnDataMatrix {
    enum Layout { case csr, csc, dense }

    let file: HDF5File
    let object: String
    let layout: Layout
    public let shape: (rows: Int, columns: Int)
    /// The stored value type, kept as is (integers stay integers, nothing is narrowed).
    public let valueType: DataType

    /// A CSR matrix whose shape and type are known from elsewhere (Cell Ranger's .h5 keeps them apart).
    init(csr file: HDF5File, object: String, shape: (rows: Int, columns: Int)) throws {
        self.file = file
        self.object = object
        layout = .csr
        self.shape = shape
        for part in ["data", "indices", "indptr"] where file.kind(of: "\(object)/\(part)") != .dataset {
            throw HDF5Error("\(file.path): \(object): sparse matrix is missing its '\(part)' array")
        }
        valueType = try AnnDataMatrix.dataType(try file.datasetInfo("\(object)/data").type) { HDF5Error("\(file.path): \(object): \($0)") }
    }

    init(file: HDF5File, object: String) throws {
        self.file = file
        self.object = object
        let fail = { (what: String) in HDF5Error("\(file.path): \(object): \(what)") }
        switch file.kind(of: object) {
        case .dataset?:
            let (dims, type) = try file.datasetInfo(object)
            guard dims.count == 2 else { throw fail("dense matrix of rank \(dims.count), expected 2") }
            layout = .dense
            shape = (dims[0], dims[1])
            valueType = try AnnDataMatrix.dataType(type, fail)
        case .group?:
            let encoding = try file.attribute("encoding-type", of: object)?.string
                ?? file.attribute("h5sparse_format", of: object)?.string.map { $0 + "_matrix" }
            switch encoding {
            case "csr_matrix"?: layout = .csr
            case "csc_matrix"?: layout = .csc
            default: throw fail("unsupported matrix encoding '\(encoding ?? "none")'")
            }
            let declared = try file.attribute("shape", of: object) ?? file.attribute("h5sparse_shape", of: object)
            guard case .integers(let dims)? = declared, dims.count == 2, dims[0] >= 0, dims[1] >= 0 else {
                throw fail("sparse matrix without a valid shape attribute")
            }
            shape = (Int(dims[0]), Int(dims[1]))
            for part in ["data", "indices", "indptr"] where file.kind(of: "\(object)/\(part)") != .dataset {
                throw fail("sparse matrix is missing its '\(part)' array")
            }
            valueType = try AnnDataMatrix.dataType(try file.datasetInfo("\(object)/data").type, fail)
        case nil:
            throw fail("missing")
        }
    }

    static func dataType(_ type: HDF5ElementType, _ fail: (String) -> HDF5Error) throws -> DataType {
        switch type {
        case .integer(1, true): return .int8
        case .integer(2, true): return .int16
        case .integer(4, true): return .int32
        case .integer(8, true): return .int64
        case .integer(1, false): return .uint8
        case .integer(2, false): return .uint16
        case .integer(4, false): return .uint32
        case .integer(8, false): return .uint64
        case .float(4): return .float32
        case .float(8): return .float64
        case .boolean: return .boolean
        default: throw fail("matrix values of type \(type) are not numbers")
        }
    }

    /// Calls `body` with chunks of whole rows holding about `targetNonZeros` stored values each.
    public func forEachRowChunk(targetNonZeros: Int = 4_000_000, _ body: (SparseRows) throws -> Void) throws {
        switch layout {
        case .csr: try csrChunks(targetNonZeros, body)
        case .dense: try denseChunks(targetNonZeros, body)
        case .csc: try cscChunks(targetNonZeros, body)
        }
    }

    private func fail(_ what: String) -> HDF5Error { HDF5Error("\(file.path): \(object): \(what)") }

    /// indptr as Ints, checked: starts at 0, never decreases, ends at the number of stored values.
    private func pointers(count: Int) throws -> [Int] {
        let (dims, _) = try file.datasetInfo("\(object)/indptr")
        guard dims == [count + 1] else { throw fail("indptr has \(dims.first ?? 0) entries, expected \(count + 1)") }
        let raw = try file.readNumeric("\(object)/indptr")
        let pointers: [Int]
        switch raw {
        case .int32(let p): pointers = p.map(Int.init)
        case .int64(let p): pointers = p.map(Int.init)
        case .uint32(let p): pointers = p.map(Int.init)
        case .uint64(let p): pointers = try p.map { guard let v = Int(exactly: $0) else { throw fail("indptr value \($0) too large") }; return v }
        default: throw fail("indptr is not an integer array")
        }
        let (dataDims, _) = try file.datasetInfo("\(object)/data")
        let (indexDims, _) = try file.datasetInfo("\(object)/indices")
        guard pointers.first == 0 else { throw fail("indptr does not start at 0") }
        for i in 1..<pointers.count where pointers[i] < pointers[i - 1] {
            throw fail("indptr decreases at position \(i) (\(pointers[i - 1]) then \(pointers[i]))")
        }
        guard pointers.last == dataDims.first, dataDims == indexDims else {
            throw fail("indptr ends at \(pointers.last ?? 0) but data has \(dataDims.first ?? 0) and indices \(indexDims.first ?? 0) values")
        }
        return pointers
    }

    private func indices(_ range: Range<Int>, limit: Int) throws -> [UInt32] {
        let raw = try file.readNumeric("\(object)/indices", rows: range)
        func check<T: FixedWidthInteger>(_ values: [T]) throws -> [UInt32] {
            try values.withUnsafeBufferPointer { v in
                // The extremes in one branch-free pass (it vectorizes); only a bad array is searched again.
                var (low, high) = (T.max, T.min)
                for x in v { (low, high) = (min(low, x), max(high, x)) }
                if !v.isEmpty && (low < 0 || high >= limit), let bad = v.first(where: { $0 < 0 || $0 >= limit }) {
                    throw fail("index \(bad) out of range 0..<\(limit)")
                }
                return [UInt32](unsafeUninitializedCapacity: v.count) { out, count in
                    for i in v.indices { out[i] = UInt32(truncatingIfNeeded: v[i]) }
                    count = v.count
                }
            }
        }
        switch raw {
        case .int32(let v): return try check(v)
        case .int64(let v): return try check(v)
        case .uint32(let v): return try check(v)
        case .uint64(let v): return try check(v)
        case .int16(let v): return try check(v)
        case .uint16(let v): return try check(v)
        default: throw fail("indices are not an integer array")
        }
    }

    private func csrChunks(_ target: Int, _ body: (SparseRows) throws -> Void) throws {
        let pointers = try pointers(count: shape.rows)
        var start = 0
        while start < shape.rows {
            var end = start + 1
            while end < shape.rows && pointers[end + 1] - pointers[start] <= target { end += 1 }
            try body(try csrRows(start..<end, pointers: pointers))
            start = end
        }
    }

    /// The row pointers of a CSR matrix, checked (see `pointers(count:)`).
    func csrRowPointers() throws -> [Int] { try pointers(count: shape.rows) }

    /// Rows `rows` of a CSR matrix whose checked row pointers are `pointers`.
    func csrRows(_ rows: Range<Int>, pointers: [Int]) throws -> SparseRows {
        let span = pointers[rows.lowerBound]..<pointers[rows.upperBound]
        let values = try file.readNumeric("\(object)/data", rows: span)
        return SparseRows(rows: rows, rowPointers: pointers[rows.lowerBound...rows.upperBound].map { $0 - span.lowerBound },
                          columnIndices: try indices(span, limit: shape.columns),
                          values: Column(type: valueType, buffer: values))
    }

    private func denseChunks(_ target: Int, _ body: (SparseRows) throws -> Void) throws {
        let rowsPerChunk = max(1, target / max(1, shape.columns))
        var start = 0
        while start < shape.rows {
            let end = min(shape.rows, start + rowsPerChunk)
            let block = Column(type: valueType, buffer: try file.readNumeric(object, rows: start..<end))
            var pointers = [0]
            var columns: [UInt32] = []
            var keep = [Bool](repeating: false, count: block.count)
            for r in 0..<(end - start) {
                for c in 0..<shape.columns where !block.isZero(r * shape.columns + c) {
                    keep[r * shape.columns + c] = true
                    columns.append(UInt32(c))
                }
                pointers.append(columns.count)
            }
            try body(SparseRows(rows: start..<end, rowPointers: pointers, columnIndices: columns, values: block.filter(keep)))
            start = end
        }
    }

    /// CSC input: columns are read in bounded spans and transposed through sorted runs on disk.
    private func cscChunks(_ target: Int, _ body: (SparseRows) throws -> Void) throws {
        let pointers = try pointers(count: shape.columns)
        let transposer = try SpillingTransposer(valueType: valueType)
        var start = 0
        while start < shape.columns {
            var end = start + 1
            while end < shape.columns && pointers[end + 1] - pointers[start] <= target { end += 1 }
            let span = pointers[start]..<pointers[end]
            let rows = try indices(span, limit: shape.rows)
            let values = Column(type: valueType, buffer: try file.readNumeric("\(object)/data", rows: span))
            let columns = [UInt32](unsafeUninitializedCapacity: span.count) { out, count in
                for c in start..<end {
                    for k in (pointers[c] - span.lowerBound)..<(pointers[c + 1] - span.lowerBound) { out[k] = UInt32(c) }
                }
                count = span.count
            }
            try transposer.add(rows: rows, columns: columns, values: values)
            start = end
        }
        try transposer.finish(rowCount: shape.rows, targetEntries: target, body)
    }
}

extension Column {
    /// Whether the value at `i` is zero (or false): dense matrices store zeros that sparse storage drops.
    func isZero(_ i: Int) -> Bool {
        switch buffer {
        case .boolean(let v): return !v[i]
        case .int8(let v): return v[i] == 0
        case .int16(let v): return v[i] == 0
        case .int32(let v): return v[i] == 0
        case .int64(let v): return v[i] == 0
        case .uint8(let v): return v[i] == 0
        case .uint16(let v): return v[i] == 0
        case .uint32(let v): return v[i] == 0
        case .uint64(let v): return v[i] == 0
        case .float32(let v): return v[i] == 0
        case .float64(let v): return v[i] == 0
        case .bytes: return false
        }
    }
}
