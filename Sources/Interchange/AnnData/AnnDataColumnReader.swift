import Columnar
import Lake

/// One dataframe column of an h5ad file, in any of anndata's encodings.
struct AnnDataColumnReader {
    let file: HDF5File
    let path: String

    func read(_ object: String, legacyCategories: String) throws -> (Column, CategoryOrder?) {
        let encoding = try file.attribute("encoding-type", of: object)?.string
        switch (file.kind(of: object), encoding) {
        case (.group?, "categorical"?):
            let codes = try file.readNumeric("\(object)/codes")
            let ordered: Bool
            switch try file.attribute("ordered", of: object) {
            case .booleans(let b)?: ordered = b.first ?? false
            case .integers(let i)?: ordered = (i.first ?? 0) != 0
            default: ordered = false
            }
            return try categorical(codes: codes, categories: "\(object)/categories", ordered: ordered, object: object)
        case (.group?, "nullable-integer"?), (.group?, "nullable-boolean"?), (.group?, "nullable-string-array"?):
            let mask = try file.readNumeric("\(object)/mask")
            guard case .boolean(let isNull) = mask else { throw HDF5Error("\(path): \(object)/mask is not boolean") }
            let values = encoding == "nullable-string-array"
                ? Column(type: .string, buffer: .bytes(try file.readStrings("\(object)/values")))
                : try numericColumn(try file.readNumeric("\(object)/values"))
            guard values.count == isNull.count else { throw HDF5Error("\(path): \(object) mask and values differ in length") }
            return (Column(type: values.type, buffer: values.buffer, validity: isNull.contains(true) ? isNull.map { !$0 } : nil), nil)
        case (.dataset?, _):
            let (_, type) = try file.datasetInfo(object)
            if case .string = type {
                return (Column(type: .string, buffer: .bytes(try file.readStrings(object))), nil)
            }
            let values = try file.readNumeric(object)
            // anndata 0.7 kept categories beside the codes, in obs/__categories/<column>.
            if file.kind(of: legacyCategories) == .dataset {
                var ordered = false
                if case .booleans(let b)? = try file.attribute("ordered", of: legacyCategories) { ordered = b.first ?? false }
                return try categorical(codes: values, categories: legacyCategories, ordered: ordered, object: object)
            }
            return (try numericColumn(values), nil)
        case (.group?, let other):
            throw HDF5Error("\(path): \(object) has unsupported encoding '\(other ?? "none")'")
        case (nil, _):
            throw HDF5Error("\(path): \(object) is missing")
        }
    }

    private func numericColumn(_ buffer: ColumnBuffer) throws -> Column {
        Column(type: AnnDataColumnReader.dataType(of: buffer), buffer: buffer)
    }

    /// The logical type a stored buffer holds (strings for bytes).
    static func dataType(of buffer: ColumnBuffer) -> DataType {
        let type: DataType
        switch buffer {
        case .boolean: type = .boolean
        case .int8: type = .int8
        case .int16: type = .int16
        case .int32: type = .int32
        case .int64: type = .int64
        case .uint8: type = .uint8
        case .uint16: type = .uint16
        case .uint32: type = .uint32
        case .uint64: type = .uint64
        case .float32: type = .float32
        case .float64: type = .float64
        case .bytes: type = .string
        }
        return type
    }

    /// Codes (−1 for missing) into category values; string categories give a string column.
    private func categorical(codes: ColumnBuffer, categories: String, ordered: Bool, object: String) throws -> (Column, CategoryOrder?) {
        let codeValues: [Int]
        switch codes {
        case .int8(let c): codeValues = c.map(Int.init)
        case .int16(let c): codeValues = c.map(Int.init)
        case .int32(let c): codeValues = c.map(Int.init)
        case .int64(let c): codeValues = c.map(Int.init)
        default: throw HDF5Error("\(path): \(object) categorical codes are not signed integers")
        }
        let (_, type) = try file.datasetInfo(categories)
        guard case .string = type else {
            throw HDF5Error("\(path): \(object) has non-string categories, which cairn does not import yet")
        }
        let values = try file.readStrings(categories)
        var out = VarBinary()
        var valid = [Bool](repeating: true, count: codeValues.count)
        for (i, code) in codeValues.enumerated() {
            if code < 0 {
                valid[i] = false
                out.appendEmpty()
            } else {
                guard code < values.count else {
                    throw HDF5Error("\(path): \(object) code \(code) is beyond its \(values.count) categories")
                }
                out.append(contentsOf: values.bytes[values.byteRange(code)])
            }
        }
        let names = (0..<values.count).map { values.string(at: $0) }
        return (Column(type: .string, buffer: .bytes(out), validity: valid.contains(false) ? valid : nil),
                CategoryOrder(values: names, ordered: ordered))
    }
}
