import Columnar

/// Archived AnnData elements whose rows are cells (obsm, obsp, raw.X), cut down to the cells a version
/// still holds: an export after `cairn delete` writes them in step with obs and X, row for row.
extension HDF5Archive {
    /// The archive with only the cell rows `kept` (ascending, of `cells`): dense arrays under /obsm and
    /// /raw/X lose the other rows; sparse matrices (csr or csc) under /obsm, /obsp and /raw lose their
    /// entries, and obsp its columns too. Elements whose first dimension is not the cells stay as they are.
    func keepingCells(_ kept: [Int], of cells: Int, values: ArraySlice<UInt8>) throws -> (archive: HDF5Archive, values: [UInt8]) {
        let base = values.startIndex
        func bytes(_ node: Node) throws -> [UInt8] {
            guard let offset = node.offset, let length = node.length, offset >= 0, length >= 0, base + offset + length <= values.endIndex else {
                throw SourceError("archived \(node.path) is corrupt")
            }
            return Array(values[(base + offset)..<(base + offset + length)])
        }
        func decoded(_ node: Node) throws -> ColumnBuffer {
            node.type == "string" ? .bytes(try HDF5Archive.strings(try bytes(node)[...], node.path)) : try HDF5Archive.buffer(node.type!, try bytes(node))
        }
        func cellElement(_ path: String) -> Bool {
            ["/obsm/", "/obsp/", "/raw/X", "/raw.X"].contains { path.hasPrefix($0) || path == String($0.dropLast()) }
        }
        var newPosition = [Int](repeating: -1, count: cells)
        for (i, row) in kept.enumerated() { newPosition[row] = i }

        // Sparse matrices first: their data, indices and indptr are rewritten together.
        var replaced: [String: (buffer: ColumnBuffer, shape: [Int])] = [:]
        var shapes: [String: [Int64]] = [:]
        for node in nodes where node.type == nil && cellElement(node.path) {
            guard case .strings(let kind)? = node.attributes["encoding-type"], let format = kind.first,
                  format == "csr_matrix" || format == "csc_matrix",
                  case .integers(let shape)? = node.attributes["shape"], shape.count == 2 else { continue }
            let rowsAreCells = Int(shape[0]) == cells
            let columnsAreCells = node.path.hasPrefix("/obsp/") && Int(shape[1]) == cells
            guard rowsAreCells || columnsAreCells else { continue }
            let isCSR = format == "csr_matrix"
            let (keepMajor, keepMinor) = isCSR ? (rowsAreCells, columnsAreCells) : (columnsAreCells, rowsAreCells)
            guard let dataNode = nodes.first(where: { $0.path == node.path + "/data" }),
                  let indicesNode = nodes.first(where: { $0.path == node.path + "/indices" }),
                  let indptrNode = nodes.first(where: { $0.path == node.path + "/indptr" }) else { continue }
            let data = try decoded(dataNode), indices = try decoded(indicesNode), indptr = try decoded(indptrNode)
            let pointers = indptr.integers, minors = indices.integers
            let majorCount = pointers.count - 1
            var keptEntries: [Int] = [], newIndices: [Int] = [], newPointers = [0]
            for major in 0..<max(0, majorCount) {
                if keepMajor && (major >= cells || newPosition[major] < 0) { continue }
                for k in pointers[major]..<pointers[major + 1] {
                    guard k >= 0 && k < minors.count else { throw SourceError("archived \(node.path) is corrupt") }
                    var minor = minors[k]
                    if keepMinor {
                        guard minor >= 0 && minor < cells, newPosition[minor] >= 0 else { continue }
                        minor = newPosition[minor]
                    }
                    keptEntries.append(k)
                    newIndices.append(minor)
                }
                newPointers.append(keptEntries.count)
            }
            replaced[dataNode.path] = (data.gather(keptEntries), [keptEntries.count])
            replaced[indicesNode.path] = (indices.withIntegers(newIndices), [newIndices.count])
            replaced[indptrNode.path] = (indptr.withIntegers(newPointers), [newPointers.count])
            shapes[node.path] = [rowsAreCells ? Int64(kept.count) : shape[0], columnsAreCells ? Int64(kept.count) : shape[1]]
        }

        var out = self
        var outValues: [UInt8] = []
        for i in out.nodes.indices {
            var node = out.nodes[i]
            if let shape = shapes[node.path] { node.attributes["shape"] = .integers(shape) }
            if node.members == nil, node.type != nil, node.offset != nil {
                var buffer: ColumnBuffer? = nil
                if let replacement = replaced[node.path] {
                    buffer = replacement.buffer
                    node.shape = replacement.shape
                } else if cellElement(node.path), let shape = node.shape, shape.first == cells {
                    let width = shape.dropFirst().reduce(1, *)
                    var indices: [Int] = []
                    indices.reserveCapacity(kept.count * width)
                    for row in kept { indices.append(contentsOf: (row * width)..<((row + 1) * width)) }
                    buffer = try decoded(node).gather(indices)
                    node.shape = [kept.count] + shape.dropFirst()
                }
                let raw = try buffer.map { buffer -> [UInt8] in
                    var encoded: [UInt8] = []
                    if case .bytes(let strings) = buffer {
                        for k in 0..<strings.count {
                            let range = strings.byteRange(k)
                            withUnsafeBytes(of: UInt32(range.count).littleEndian) { encoded.append(contentsOf: $0) }
                            encoded.append(contentsOf: strings.bytes[range])
                        }
                    } else {
                        HDF5Archive.append(buffer, to: &encoded)
                    }
                    return encoded
                } ?? bytes(node)
                node.offset = outValues.count
                node.length = raw.count
                outValues.append(contentsOf: raw)
            } else if let members = node.members {
                // Compound datasets (anndata 0.6 obsm) keep their bytes: their members move as they were.
                var moved: [Member] = []
                for var member in members {
                    guard member.offset >= 0, member.length >= 0, base + member.offset + member.length <= values.endIndex else {
                        throw SourceError("archived \(node.path) is corrupt")
                    }
                    let raw = values[(base + member.offset)..<(base + member.offset + member.length)]
                    member.offset = outValues.count
                    outValues.append(contentsOf: raw)
                    moved.append(member)
                }
                node.members = moved
            }
            out.nodes[i] = node
        }
        return (out, outValues)
    }
}

private extension ColumnBuffer {
    /// The values as Ints (integer buffers; others give none).
    var integers: [Int] {
        switch self {
        case .int8(let v): return v.map(Int.init)
        case .int16(let v): return v.map(Int.init)
        case .int32(let v): return v.map(Int.init)
        case .int64(let v): return v.map(Int.init)
        case .uint8(let v): return v.map(Int.init)
        case .uint16(let v): return v.map(Int.init)
        case .uint32(let v): return v.map(Int.init)
        case .uint64(let v): return v.map { Int(truncatingIfNeeded: $0) }
        default: return []
        }
    }

    /// `values` in this buffer's integer type.
    func withIntegers(_ values: [Int]) -> ColumnBuffer {
        switch self {
        case .int8: return .int8(values.map { Int8(truncatingIfNeeded: $0) })
        case .int16: return .int16(values.map { Int16(truncatingIfNeeded: $0) })
        case .int32: return .int32(values.map { Int32(truncatingIfNeeded: $0) })
        case .uint8: return .uint8(values.map { UInt8(truncatingIfNeeded: $0) })
        case .uint16: return .uint16(values.map { UInt16(truncatingIfNeeded: $0) })
        case .uint32: return .uint32(values.map { UInt32(truncatingIfNeeded: $0) })
        case .uint64: return .uint64(values.map { UInt64(truncatingIfNeeded: $0) })
        default: return .int64(values.map { Int64($0) })
        }
    }
}
