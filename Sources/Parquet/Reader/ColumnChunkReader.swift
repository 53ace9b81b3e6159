import Columnar

/// Consecutive data pages of one column chunk, as stored, with each page's row count and the page-local
/// row ranges a read keeps of it (ascending, none empty).
struct PageRun {
    var bytes: [UInt8]
    var pageRows: [Int]
    var kept: [[Range<Int>]]

    var keptRows: Int { kept.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } } }
}

/// Decodes the pages of one column chunk (or of a run of its pages) into a column. Every size and count in
/// the page headers is checked against the bytes at hand and the rows the caller expects.
struct ColumnChunkReader {
    let descriptor: ColumnDescriptor
    let codec: CompressionCodec

    var name: String { descriptor.field.name }

    /// The dictionary, when `bytes` starts with a dictionary page.
    func readDictionary(_ bytes: [UInt8]) throws -> PhysicalValues? {
        var position = 0
        guard !bytes.isEmpty, let page = try nextPage(bytes, &position), page.header.type == .dictionaryPage else { return nil }
        return try decodeDictionary(page.header, bytes[page.body])
    }

    /// Decodes pages from the start of `bytes` until `rows` rows are produced.
    func read(_ bytes: [UInt8], rows: Int, dictionary preset: PhysicalValues? = nil) throws -> Column {
        if let column = try readDirect(bytes, rows: rows, dictionary: preset) { return column }
        var dictionary = preset
        var position = 0
        // Every page is decoded straight onto one array for the chunk (sized for its rows; byte arrays'
        // bytes grow as they come, their total not being known up front).
        var decoded = PhysicalValues.empty(for: descriptor.physicalType)
        decoded.reserveCapacity(min(rows, 1 << 24))  // `rows` comes from the file: a hostile count reserves no more
        // A string or binary chunk's dictionary indices are gathered page by page and looked up once, into
        // values sized exactly; the chunk hands them up as its codes when every page is dictionary-encoded.
        // A page stored otherwise (a writer's fallback) first looks up the indices so far.
        var codes: [UInt32]? = descriptor.field.type == .string || descriptor.field.type == .binary ? [] : nil
        func lookUpCodes() throws {
            guard let pending = codes, !pending.isEmpty, case .bytes(let values)? = dictionary else { return }
            try append(looking: pending, upIn: values, to: &decoded)
        }
        func decode(_ raw: UnsafeRawBufferPointer, count: Int, encoding: Encoding) throws {
            if codes != nil, encoding == .rleDictionary || encoding == .plainDictionary, case .bytes? = dictionary {
                _ = try RLEHybridDecoder.decodeDictionaryIndices(raw, count: count, into: &codes!)
                return
            }
            try lookUpCodes()
            codes = nil
            try PageValueDecoder(descriptor: descriptor).decode(raw, count: count, encoding: encoding, dictionary: dictionary, appendingTo: &decoded)
        }
        var masks: [(mask: [Bool]?, rows: Int)] = []
        var produced = 0
        while produced < rows {
            guard let page = try nextPage(bytes, &position) else {
                throw ParquetError.corrupt("column '\(name)': pages end after \(produced) of \(rows) rows")
            }
            let header = page.header
            switch header.type {
            case .dictionaryPage:
                guard dictionary == nil else { throw ParquetError.corrupt("column '\(name)': a second dictionary page") }
                dictionary = try decodeDictionary(header, bytes[page.body])
            case .dataPage:
                guard let data = header.dataPageHeader else { throw ParquetError.corrupt("column '\(name)': data page without its header") }
                let count = Int(data.numValues)
                guard count <= rows - produced else { throw ParquetError.corrupt("column '\(name)': pages hold more than \(rows) rows") }
                // An uncompressed page is decoded where it lies.
                func withBody(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
                    try bytes[page.body].withUnsafeBytes { stored in
                        if codec == .uncompressed {
                            guard stored.count == Int(header.uncompressedPageSize) else {
                                throw ParquetError.corrupt("column '\(name)': uncompressed page of \(stored.count) bytes declares \(header.uncompressedPageSize)")
                            }
                            try body(stored)
                        } else {
                            try PageCodec.decompress(stored, codec: codec, uncompressedSize: Int(header.uncompressedPageSize)).withUnsafeBytes(body)
                        }
                    }
                }
                try withBody { raw in
                    var offset = 0
                    var valueCount = count
                    var mask: [Bool]?
                    if descriptor.maxDefinitionLevel > 0 {
                        guard data.definitionLevelEncoding == .rle else {
                            throw ParquetError.unsupported("definition levels encoded as \(data.definitionLevelEncoding) in column '\(name)'")
                        }
                        let levels = try LevelDecoder.decodeValidity(raw, count: count, lengthPrefixed: true)
                        offset = levels.consumedBytes
                        valueCount = levels.nonNullCount
                        mask = levels.nonNullCount == count ? nil : levels.isValid
                    }
                    try decode(UnsafeRawBufferPointer(rebasing: raw[offset...]), count: valueCount, encoding: data.encoding)
                    masks.append((mask, count))
                }
                produced += count
            case .dataPageV2:
                guard let data = header.dataPageHeaderV2 else { throw ParquetError.corrupt("column '\(name)': data page v2 without its header") }
                let count = Int(data.numValues)
                guard count <= rows - produced, Int(data.numNulls) <= count else {
                    throw ParquetError.corrupt("column '\(name)': page v2 counts exceed the \(rows) rows")
                }
                let repetition = Int(data.repetitionLevelsByteLength), definition = Int(data.definitionLevelsByteLength)
                let levelsEnd = page.body.lowerBound + repetition + definition
                guard levelsEnd <= page.body.upperBound, repetition + definition <= Int(header.uncompressedPageSize) else {
                    throw ParquetError.corrupt("column '\(name)': page v2 level lengths exceed the page")
                }
                var mask: [Bool]?
                var valueCount = count
                if descriptor.maxDefinitionLevel > 0 {
                    let levels = try bytes[(page.body.lowerBound + repetition)..<levelsEnd].withUnsafeBytes {
                        try LevelDecoder.decodeValidity($0, count: count, lengthPrefixed: false)
                    }
                    valueCount = levels.nonNullCount
                    mask = levels.nonNullCount == count ? nil : levels.isValid
                }
                let uncompressedValues = Int(header.uncompressedPageSize) - repetition - definition
                let values = try bytes[levelsEnd..<page.body.upperBound].withUnsafeBytes { stored in
                    data.isCompressed ? try PageCodec.decompress(stored, codec: codec, uncompressedSize: uncompressedValues) : Array(stored)
                }
                try values.withUnsafeBytes { raw in
                    try decode(raw, count: valueCount, encoding: data.encoding)
                }
                masks.append((mask, count))
                produced += count
            default:
                continue  // index pages and page kinds from newer writers carry no rows
            }
        }
        try lookUpCodes()
        var validity: [Bool]?
        if masks.contains(where: { $0.mask != nil }) {
            var all: [Bool] = []
            all.reserveCapacity(rows)
            for (mask, count) in masks { all.append(contentsOf: mask ?? Array(repeating: true, count: count)) }
            validity = all
        }
        let expected = validity.map { $0.reduce(0) { $0 + ($1 ? 1 : 0) } } ?? rows
        guard decoded.count == expected else {
            throw ParquetError.corrupt("column '\(name)': \(decoded.count) values decoded for \(expected) non-null rows")
        }
        var column = try decoded.column(descriptor.field.type, validity: validity, name: name)
        if let codes, case .bytes(let values)? = dictionary, case .bytes = column.buffer {
            column.dictionary = DictionaryCodes(indices: Self.expand(codes, validity), values: values)
        }
        return column
    }

    /// The kept rows of `runs`, one after another.
    func read(kept runs: [PageRun], dictionary: PhysicalValues? = nil) throws -> Column {
        if let column = try readDirect(kept: runs, dictionary: dictionary) { return column }
        var out: Column?
        for run in runs {
            var ranges: [Range<Int>] = []
            var first = 0
            for (rows, kept) in zip(run.pageRows, run.kept) {
                ranges += kept.map { (first + $0.lowerBound)..<(first + $0.upperBound) }
                first += rows
            }
            let kept = try read(run.bytes, rows: first, dictionary: dictionary).gather(runs: ranges)
            if out == nil { out = kept } else { out!.append(contentsOf: kept) }
        }
        return out ?? Column.empty(descriptor.field.type)
    }

    private func append(looking indices: [UInt32], upIn dictionary: VarBinary, to decoded: inout PhysicalValues) throws {
        guard case .bytes(var values) = decoded else { throw ParquetError.corrupt("column '\(name)': pages decode to different types") }
        decoded = .bytes(VarBinary())
        defer { decoded = .bytes(values) }
        try indices.withUnsafeBufferPointer { indices in
            try DictionaryDecoder.checkIndices(indices, dictionaryCount: dictionary.count)
            if values.count == 0 {
                values = VarBinary(dictionary, at: indices)
            } else {
                values.append(dictionary, at: indices)
            }
        }
    }

    /// Codes for the non-null rows spread over all rows (a null row gets 0).
    private static func expand(_ codes: [UInt32], _ validity: [Bool]?) -> [UInt32] {
        guard let validity, codes.count < validity.count else { return codes }
        var out = [UInt32](repeating: 0, count: validity.count)
        var next = 0
        for row in validity.indices where validity[row] {
            out[row] = codes[next]
            next += 1
        }
        return out
    }

    func decodeDictionary(_ header: PageHeader, _ stored: ArraySlice<UInt8>) throws -> PhysicalValues {
        guard let info = header.dictionaryPageHeader else { throw ParquetError.corrupt("column '\(name)': dictionary page without its header") }
        guard info.encoding == .plain || info.encoding == .plainDictionary else {
            throw ParquetError.unsupported("dictionary page encoded as \(info.encoding) in column '\(name)'")
        }
        let body = try stored.withUnsafeBytes {
            try PageCodec.decompress($0, codec: codec, uncompressedSize: Int(header.uncompressedPageSize))
        }
        return try body.withUnsafeBytes { try PageValueDecoder(descriptor: descriptor).decodeDictionary($0, count: Int(info.numValues)) }
    }

    /// The page header at `position` and the byte range of its (stored) body; advances past the page.
    func nextPage(_ bytes: [UInt8], _ position: inout Int) throws -> (header: PageHeader, body: Range<Int>)? {
        guard position < bytes.count else { return nil }
        var reader = ThriftCompactReader(bytes, position: position)
        let header = try PageHeader(from: &reader, statistics: false)
        let start = reader.position
        let (end, overflow) = start.addingReportingOverflow(Int(header.compressedPageSize))
        guard !overflow, end <= bytes.count else {
            throw ParquetError.corrupt("column '\(name)': page of \(header.compressedPageSize) bytes runs past its column chunk")
        }
        position = end
        return (header, start..<end)
    }
}
