import Columnar
import Lake

/// Writes an .h5ad file in anndata's current on-disk encoding (dataframes 0.2.0, csr_matrix 0.1.0), which
/// every anndata from 0.8 on reads. X is written in row chunks, so memory stays bounded by a chunk.
final class AnnDataWriter {
    let file: HDF5Writer
    private var written = 0
    private var matrix = "/X"

    /// `restoring`: top-level elements an archive will recreate, so they are not made empty here.
    init(path: String, restoring: Set<String> = []) throws {
        file = try HDF5Writer(path: path)
        try file.setAttribute("encoding-type", of: "/", string: "anndata")
        try file.setAttribute("encoding-version", of: "/", string: "0.1.0")
        for group in ["layers", "obsm", "obsp", "uns", "varm", "varp"] where !restoring.contains("/" + group) {
            try file.createGroup("/" + group)
            try encoding("/" + group, "dict", "0.1.0")
        }
    }

    private func encoding(_ object: String, _ type: String, _ version: String) throws {
        try file.setAttribute("encoding-type", of: object, string: type)
        try file.setAttribute("encoding-version", of: object, string: version)
    }

    /// obs or var: the index, then each column in its anndata encoding (categoricals as codes and
    /// categories; integer and boolean columns with nulls as nullable arrays).
    func writeFrame(_ group: String, indexName: String, index: VarBinary, names: [String], columns: [Column],
                    categories: [String: CategoryOrder]) throws {
        try file.createGroup(group)
        try encoding(group, "dataframe", "0.2.0")
        try file.setAttribute("_index", of: group, string: indexName)
        try file.setAttribute("column-order", of: group, strings: names)
        try file.writeStrings("\(group)/\(indexName)", index)
        try encoding("\(group)/\(indexName)", "string-array", "0.2.0")
        for (name, column) in zip(names, columns) {
            let object = "\(group)/\(name)"
            if let order = categories[name], column.type == .string {
                try writeCategorical(object, column, order)
            } else if column.nullCount == 0 || column.type.isFloatingPoint {
                try writeArray(object, column.type.isFloatingPoint ? column.nullsAsNaN() : column)
            } else {
                try file.createGroup(object)
                let kind = column.type == .string ? "nullable-string-array" : column.type == .boolean ? "nullable-boolean" : "nullable-integer"
                try encoding(object, kind, "0.1.0")
                try writeArray("\(object)/values", Column(type: column.type, buffer: column.buffer))
                try writeArray("\(object)/mask", Column(type: .boolean, buffer: .boolean(column.validity!.map { !$0 })))
            }
        }
    }

    private func writeArray(_ object: String, _ column: Column) throws {
        if case .bytes(let values) = column.buffer {
            try file.writeStrings(object, values)
            try encoding(object, "string-array", "0.2.0")
        } else {
            try file.createDataset(object, like: column.buffer, count: column.count)
            try encoding(object, "array", "0.2.0")
        }
    }

    private func writeCategorical(_ object: String, _ column: Column, _ order: CategoryOrder) throws {
        var position: [String: Int] = [:]
        var categories = order.values
        for (i, value) in categories.enumerated() { position[value] = i }
        var codes = [Int]()
        codes.reserveCapacity(column.count)
        for i in 0..<column.count {
            if column.isNull(i) { codes.append(-1); continue }
            let value = column.value(at: i).description
            if let code = position[value] { codes.append(code) } else {
                position[value] = categories.count
                codes.append(categories.count)
                categories.append(value)
            }
        }
        try file.createGroup(object)
        try encoding(object, "categorical", "0.2.0")
        try file.setAttribute("ordered", of: object, boolean: order.ordered)
        try file.writeStrings("\(object)/categories", VarBinary(strings: categories))
        try encoding("\(object)/categories", "string-array", "0.2.0")
        let buffer: ColumnBuffer = categories.count < 128 ? .int8(codes.map { Int8($0) })
            : categories.count < 32768 ? .int16(codes.map { Int16($0) }) : .int32(codes.map { Int32($0) })
        try file.createDataset("\(object)/codes", like: buffer, count: codes.count)
        try encoding("\(object)/codes", "array", "0.2.0")
    }

    /// Starts a CSR matrix (X, or a layer at `/layers/<name>`) of `shape` holding `nonZeros` values of
    /// `valueType`; entries follow with `appendEntries`, then `finishMatrix`.
    func beginMatrix(_ object: String = "/X", shape: (rows: Int, columns: Int), nonZeros: Int, valueType: DataType) throws {
        matrix = object
        written = 0
        try file.createGroup(object)
        try encoding(object, "csr_matrix", "0.1.0")
        try file.setAttribute("shape", of: object, integers: [Int64(shape.rows), Int64(shape.columns)])
        try file.createDataset("\(object)/data", like: ColumnBuffer.empty(for: valueType), count: nonZeros)
        try file.createDataset("\(object)/indices", like: .int32([]), count: nonZeros)
    }

    /// Appends entries in row order (the caller counts entries per row for `finishMatrix`).
    func appendEntries(columns: [Int32], values: Column) throws {
        guard !columns.isEmpty else { return }
        try file.write(values.buffer, into: "\(matrix)/data", at: written)
        try file.write(.int32(columns), into: "\(matrix)/indices", at: written)
        written += columns.count
    }

    /// Appends entries in row order whose column numbers are below 2^31 (gene positions always are).
    func appendEntries(columns: [UInt32], values: Column) throws {
        guard !columns.isEmpty else { return }
        try file.write(values.buffer, into: "\(matrix)/data", at: written)
        try file.write(int32BitsOf: columns, into: "\(matrix)/indices", at: written)
        written += columns.count
    }

    /// Writes indptr from the number of entries of each row.
    func finishMatrix(rowCounts: [Int]) throws {
        file.closeOpenDatasets()
        var indptr = [Int64](repeating: 0, count: rowCounts.count + 1)
        for (i, count) in rowCounts.enumerated() { indptr[i + 1] = indptr[i] + Int64(count) }
        try file.createDataset("\(matrix)/indptr", like: .int64(indptr), count: indptr.count)
    }
}

extension Column {
    /// Float columns keep missing values as NaN in AnnData.
    func nullsAsNaN() -> Column {
        guard let validity else { return self }
        switch buffer {
        case .float32(var v): for i in v.indices where !validity[i] { v[i] = .nan }; return Column(type: type, buffer: .float32(v))
        case .float64(var v): for i in v.indices where !validity[i] { v[i] = .nan }; return Column(type: type, buffer: .float64(v))
        default: return self
        }
    }
}
