import Columnar

/// The common case decoded without intermediate arrays: a required (never null) column of 4- or 8-byte
/// values in PLAIN, dictionary or DELTA_BINARY_PACKED data pages (v1). Each page decodes straight into
/// its slot of one chunk-sized output, in the output's own type (uint32 over INT32 needs no copy), through
/// one scratch buffer for decompressed bytes; dictionary pages are looked up run by run. Anything else
/// (nulls, other encodings, page v2) goes through `read`'s general path.
extension ColumnChunkReader {
    func readDirect(_ bytes: [UInt8], rows: Int, dictionary: PhysicalValues?) throws -> Column? {
        try readDirect([DirectPages(bytes: bytes, kept: nil)], rows: rows, dictionary: dictionary)
    }

    /// As above, keeping only some rows of some pages: each run holds the bytes of consecutive data pages
    /// and, for each of them, the page-local row ranges kept (ascending, none empty). A page is decoded no
    /// further than its last kept row (nor before its first, but for delta pages).
    func readDirect(kept runs: [PageRun], dictionary: PhysicalValues?) throws -> Column? {
        try readDirect(runs.map { DirectPages(bytes: $0.bytes, kept: $0.kept) }, rows: runs.reduce(0) { $0 + $1.keptRows },
                       dictionary: dictionary)
    }

    /// Pages to decode: every row of each until `rows` are produced (`kept` nil), or the kept rows of each.
    private struct DirectPages {
        var bytes: [UInt8]
        var kept: [[Range<Int>]]?
    }

    private func readDirect(_ runs: [DirectPages], rows: Int, dictionary: PhysicalValues?) throws -> Column? {
        guard descriptor.maxDefinitionLevel == 0 else { return nil }
        let type = descriptor.field.type
        switch (descriptor.physicalType, type) {
        case (.int32, .int32), (.int32, .date32):
            return try decode(Int32.self, Int32.self, runs, rows, dictionary, delta: true).map { Column(type: type, buffer: .int32($0)) }
        case (.int32, .uint32):
            return try decode(Int32.self, UInt32.self, runs, rows, dictionary, delta: true).map { Column(type: type, buffer: .uint32($0)) }
        case (.int64, .int64), (.int64, .timestamp):
            return try decode(Int64.self, Int64.self, runs, rows, dictionary, delta: true).map { Column(type: type, buffer: .int64($0)) }
        case (.int64, .uint64):
            return try decode(Int64.self, UInt64.self, runs, rows, dictionary, delta: true).map { Column(type: type, buffer: .uint64($0)) }
        case (.float, .float32):
            return try decode(Float.self, Float.self, runs, rows, dictionary, delta: false).map { Column(type: type, buffer: .float32($0)) }
        case (.double, .float64):
            return try decode(Double.self, Double.self, runs, rows, dictionary, delta: false).map { Column(type: type, buffer: .float64($0)) }
        default:
            return nil
        }
    }

    /// The `rows` values the runs keep, of physical type `P`, as an array of `L` (same size); nil when a
    /// page needs the general path.
    private func decode<P: BitwiseCopyable, L: BitwiseCopyable>(
        _: P.Type, _: L.Type, _ runs: [DirectPages], _ rows: Int, _ preset: PhysicalValues?, delta: Bool
    ) throws -> [L]? {
        precondition(MemoryLayout<P>.stride == MemoryLayout<L>.stride)
        var dictionary: [P]? = try preset.map(Self.values)
        var scratch: [UInt8] = []
        // A page's values up to its last kept row, when its kept rows are copied out of it.
        var page = UnsafeMutableBufferPointer<P>.allocate(capacity: 0)
        defer { page.deallocate() }
        var supported = true
        let out = try [L](unsafeUninitializedCapacity: rows) { buffer, initialized in
            initialized = 0
            let raw = UnsafeMutableRawBufferPointer(buffer)
            let dst = raw.bindMemory(to: P.self)
            defer { raw.bindMemory(to: L.self) }
            var written = 0
            for run in runs {
                var position = 0
                var next = 0
                while run.kept.map({ next < $0.count }) ?? (written < rows) {
                    guard let stored = try nextPage(run.bytes, &position) else {
                        throw ParquetError.corrupt(run.kept == nil ? "column '\(name)': pages end after \(written) of \(rows) rows"
                                                                   : "column '\(name)': pages end before the page index says")
                    }
                    let header = stored.header
                    switch header.type {
                    case .dictionaryPage:
                        guard dictionary == nil else { throw ParquetError.corrupt("column '\(name)': a second dictionary page") }
                        dictionary = try Self.values(try decodeDictionary(header, run.bytes[stored.body]))
                    case .dataPage:
                        guard let data = header.dataPageHeader else { throw ParquetError.corrupt("column '\(name)': data page without its header") }
                        let count = Int(data.numValues)
                        let kept: [Range<Int>]
                        if let pages = run.kept {
                            kept = pages[next]
                            next += 1
                            guard let last = kept.last, last.upperBound <= count, kept[0].lowerBound >= 0,
                                  written + kept.reduce(0, { $0 + $1.count }) <= rows else {
                                throw ParquetError.corrupt("column '\(name)': a page of \(count) values is shorter than the page index says")
                            }
                        } else {
                            guard count <= rows - written else { throw ParquetError.corrupt("column '\(name)': pages hold more than \(rows) rows") }
                            kept = [0..<count]
                        }
                        let end = kept[kept.count - 1].upperBound
                        // Rows before the first kept one are skipped undecoded where the encoding allows
                        // (not DELTA_BINARY_PACKED, where each value adds to the one before).
                        let skip = data.encoding == .deltaBinaryPacked ? 0 : kept[0].lowerBound
                        // One kept range with nothing decoded before it goes straight to the output;
                        // otherwise the page is decoded aside and its kept ranges copied out.
                        let direct = kept.count == 1 && kept[0].lowerBound == skip
                        if !direct && page.count < end {
                            page.deallocate()
                            page = .allocate(capacity: max(end, 2 * page.count))
                        }
                        let target = direct ? UnsafeMutableBufferPointer(rebasing: dst[written..<(written + end - skip)])
                            : UnsafeMutableBufferPointer(rebasing: page[skip..<end])
                        let done = try withPageBody(run.bytes, stored.body, header, scratch: &scratch) { body in
                            try decodeValues(body, count: end, skipping: skip, encoding: data.encoding, dictionary: dictionary, delta: delta,
                                             into: target)
                        }
                        guard done else {
                            supported = false
                            return
                        }
                        if direct {
                            written += end - skip
                            continue
                        }
                        for range in kept {
                            (dst.baseAddress! + written).update(from: page.baseAddress! + range.lowerBound, count: range.count)
                            written += range.count
                        }
                    case .dataPageV2:
                        supported = false
                        return
                    default:
                        continue  // index pages and page kinds from newer writers carry no rows
                    }
                }
            }
            initialized = written
        }
        return supported ? out : nil
    }

    /// The page's values section, decompressed into `scratch` unless stored uncompressed.
    private func withPageBody<R>(_ bytes: [UInt8], _ range: Range<Int>, _ header: PageHeader, scratch: inout [UInt8],
                                 _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        if codec == .uncompressed {
            guard range.count == Int(header.uncompressedPageSize) else {
                throw ParquetError.corrupt("column '\(name)': uncompressed page of \(range.count) bytes declares \(header.uncompressedPageSize)")
            }
            return try bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[range])) }
        }
        let size = Int(header.uncompressedPageSize)
        try bytes[range].withUnsafeBytes { try PageCodec.decompress($0, codec: codec, uncompressedSize: size, into: &scratch) }
        // The scratch buffer may be longer than this page (it holds the largest page so far).
        return try scratch.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<min(size, $0.count)])) }
    }

    /// Decodes a page's first `count` values, but for the first `skip` (PLAIN and dictionary pages only),
    /// into `dst`; false when the encoding needs the general path.
    private func decodeValues<P: BitwiseCopyable>(
        _ body: UnsafeRawBufferPointer, count: Int, skipping skip: Int = 0, encoding: Encoding, dictionary: [P]?, delta: Bool,
        into dst: UnsafeMutableBufferPointer<P>
    ) throws -> Bool {
        precondition(dst.count == count - skip && (skip == 0 || encoding != .deltaBinaryPacked))
        switch encoding {
        case .plain:
            let size = count * MemoryLayout<P>.stride
            guard size <= body.count else {
                throw ParquetError.corrupt("column '\(name)': PLAIN page of \(count) values needs \(size) bytes, \(body.count) available")
            }
            UnsafeMutableRawBufferPointer(dst).copyMemory(from: UnsafeRawBufferPointer(rebasing: body[(skip * MemoryLayout<P>.stride)..<size]))
            return true
        case .rleDictionary, .plainDictionary:
            guard let dictionary else {
                throw ParquetError.corrupt("column '\(name)': dictionary-encoded page without a dictionary page")
            }
            try DictionaryDecoder.decodeIndexStream(body, dictionary: dictionary, skipping: skip, into: dst)
            return true
        case .deltaBinaryPacked where delta:
            var cursor = ByteCursor(body)
            if P.self == Int32.self {
                try dst.withMemoryRebound(to: Int32.self) { try DeltaBinaryPackedDecoder.decodeCore(&cursor, count: count, into: $0) }
            } else if P.self == Int64.self {
                try dst.withMemoryRebound(to: Int64.self) { try DeltaBinaryPackedDecoder.decodeCore(&cursor, count: count, into: $0) }
            } else {
                return false
            }
            return true
        default:
            return false
        }
    }

    private static func values<P>(_ dictionary: PhysicalValues) throws -> [P] {
        let values: Any
        switch dictionary {
        case .int32(let v): values = v
        case .int64(let v): values = v
        case .float(let v): values = v
        case .double(let v): values = v
        default: values = ()
        }
        guard let typed = values as? [P] else { throw ParquetError.corrupt("dictionary values do not match the column's type") }
        return typed
    }
}
