import Storage

/// Reads a fragment manifest's JSON straight into a `FragmentManifest`, without Foundation's
/// `JSONDecoder`: a query of a large matrix decodes hundreds of manifests before reading any data, and
/// the generic decoder spends most of that time on its own machinery.
///
/// It accepts exactly what it understands — integers as plain digits, strings with JSON escapes, the
/// manifest's keys (others skipped, as readers must) — and returns nil for anything else, so the caller
/// falls back to `JSONDecoder`, which then decodes it or says precisely what is wrong. So it never
/// decides differently from the decoder, only faster.
struct FragmentManifestParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var at = 0

    static func parse(_ data: [UInt8]) -> FragmentManifest? {
        data.withUnsafeBufferPointer { buffer in
            var parser = FragmentManifestParser(bytes: buffer)
            guard let manifest = parser.manifest() else { return nil }
            parser.skipSpace()
            return parser.at == buffer.count ? manifest : nil
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    // MARK: The manifest's shapes

    private mutating func manifest() -> FragmentManifest? {
        var formatVersion: Int?, rowOffset: Int?, rows: Int?, objects: [FragmentObject]?, statistics: [String: ColumnStatistics]?
        var deletionVector: DeletionVectorReference?, dataset: String?, datasetRow: Int?
        let complete = object { key, parser in
            switch key {
            case "format_version": formatVersion = parser.integer(); return formatVersion != nil
            case "row_offset": rowOffset = parser.integer(); return rowOffset != nil
            case "rows": rows = parser.integer(); return rows != nil
            case "objects": objects = parser.array { $0.fragmentObject() }; return objects != nil
            case "statistics":
                var all: [String: ColumnStatistics] = [:]
                let ok = parser.object { column, parser in
                    guard let stats = parser.columnStatistics() else { return false }
                    all[column] = stats
                    return true
                }
                statistics = all
                return ok
            case "deletion_vector": return parser.optional { deletionVector = $0.deletionVector(); return deletionVector != nil }
            case "dataset": return parser.optional { dataset = $0.string(); return dataset != nil }
            case "dataset_row": return parser.optional { datasetRow = $0.integer(); return datasetRow != nil }
            default: return parser.skipValue()
            }
        }
        guard complete, let formatVersion, let rowOffset, let rows, let objects, let statistics else { return nil }
        var manifest = FragmentManifest(rowOffset: rowOffset, rows: rows, objects: objects, deletionVector: deletionVector, statistics: statistics)
        manifest.formatVersion = formatVersion
        manifest.dataset = dataset
        manifest.datasetRow = datasetRow
        return manifest
    }

    private mutating func fragmentObject() -> FragmentObject? {
        var hash: ObjectHash?, size: Int?, columns: [String]?, footer: ByteRange?
        var columnIndex: ByteRange?, offsetIndex: ByteRange?, blocks: BlockDigests?
        let complete = object { key, parser in
            switch key {
            case "sha256": hash = parser.hash(); return hash != nil
            case "bytes": size = parser.integer(); return size != nil
            case "columns": columns = parser.array { $0.string() }; return columns != nil
            case "footer": footer = parser.byteRange(); return footer != nil
            case "column_index": return parser.optional { columnIndex = $0.byteRange(); return columnIndex != nil }
            case "offset_index": return parser.optional { offsetIndex = $0.byteRange(); return offsetIndex != nil }
            case "blocks": return parser.optional { blocks = $0.blockDigests(); return blocks != nil }
            default: return parser.skipValue()
            }
        }
        guard complete, let hash, let size, let columns, let footer else { return nil }
        return FragmentObject(hash: hash, bytes: size, columns: columns, footer: footer, columnIndex: columnIndex, offsetIndex: offsetIndex, blocks: blocks)
    }

    private mutating func byteRange() -> ByteRange? {
        var offset: Int?, length: Int?
        let complete = object { key, parser in
            switch key {
            case "offset": offset = parser.integer(); return offset != nil
            case "length": length = parser.integer(); return length != nil
            default: return parser.skipValue()
            }
        }
        guard complete, let offset, let length else { return nil }
        return ByteRange(offset: offset, length: length)
    }

    private mutating func blockDigests() -> BlockDigests? {
        var blockBytes: Int?, hashes: [ObjectHash]?
        let complete = object { key, parser in
            switch key {
            case "block_bytes": blockBytes = parser.integer(); return blockBytes != nil
            case "sha256": hashes = parser.array { $0.hash() }; return hashes != nil
            default: return parser.skipValue()
            }
        }
        guard complete, let blockBytes, let hashes else { return nil }
        return BlockDigests(blockBytes: blockBytes, sha256: hashes)
    }

    private mutating func deletionVector() -> DeletionVectorReference? {
        var hash: ObjectHash?, size: Int?, deleted: Int?
        let complete = object { key, parser in
            switch key {
            case "sha256": hash = parser.hash(); return hash != nil
            case "bytes": size = parser.integer(); return size != nil
            case "deleted_rows": deleted = parser.integer(); return deleted != nil
            default: return parser.skipValue()
            }
        }
        guard complete, let hash, let size, let deleted else { return nil }
        return DeletionVectorReference(hash: hash, bytes: size, deletedRows: deleted)
    }

    private mutating func columnStatistics() -> ColumnStatistics? {
        var min: String?, max: String?, nullCount: Int?
        let complete = object { key, parser in
            switch key {
            case "min": return parser.optional { min = $0.string(); return min != nil }
            case "max": return parser.optional { max = $0.string(); return max != nil }
            case "null_count": nullCount = parser.integer(); return nullCount != nil
            default: return parser.skipValue()
            }
        }
        guard complete, let nullCount else { return nil }
        return ColumnStatistics(min: min, max: max, nullCount: nullCount)
    }

    private mutating func hash() -> ObjectHash? { string().flatMap(ObjectHash.init(hex:)) }

    // MARK: JSON

    private mutating func skipSpace() {
        while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 { at += 1 }
    }

    /// Consumes `byte` (after any space); false when something else comes.
    private mutating func consume(_ byte: UInt8) -> Bool {
        skipSpace()
        guard at < bytes.count, bytes[at] == byte else { return false }
        at += 1
        return true
    }

    /// An object: `member` reads each value (after its key), returning false to give up.
    private mutating func object(_ member: (String, inout FragmentManifestParser) -> Bool) -> Bool {
        guard consume(UInt8(ascii: "{")) else { return false }
        if consume(UInt8(ascii: "}")) { return true }
        repeat {
            skipSpace()
            guard let key = string(), consume(UInt8(ascii: ":")), member(key, &self) else { return false }
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "}"))
    }

    private mutating func array<T>(_ element: (inout FragmentManifestParser) -> T?) -> [T]? {
        guard consume(UInt8(ascii: "[")) else { return nil }
        var items: [T] = []
        if consume(UInt8(ascii: "]")) { return items }
        repeat {
            guard let item = element(&self) else { return nil }
            items.append(item)
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "]")) ? items : nil
    }

    /// `null` (leaving the value unset), or what `value` reads.
    private mutating func optional(_ value: (inout FragmentManifestParser) -> Bool) -> Bool {
        skipSpace()
        if literal("null") { return true }
        return value(&self)
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard at + count <= bytes.count else { return false }
        for k in 0..<count where bytes[at + k] != word.utf8Start[k] { return false }
        at += count
        return true
    }

    /// An integer written as plain digits (what the encoder writes); nil for fractions, exponents or overflow.
    private mutating func integer() -> Int? {
        skipSpace()
        var negative = false
        if at < bytes.count, bytes[at] == UInt8(ascii: "-") {
            negative = true
            at += 1
        }
        let start = at
        var value = 0
        while at < bytes.count, bytes[at] >= 0x30, bytes[at] <= 0x39 {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(Int(bytes[at] - 0x30))
            guard !o1, !o2 else { return nil }
            value = plus
            at += 1
        }
        guard at > start, at == bytes.count || !(bytes[at] == UInt8(ascii: ".") || bytes[at] | 0x20 == UInt8(ascii: "e")) else { return nil }
        guard bytes[start] != 0x30 || at == start + 1 else { return nil }  // JSON has no leading zeros
        return negative ? -value : value
    }

    /// A string, escapes resolved; nil for a malformed one or invalid UTF-8.
    private mutating func string() -> String? {
        skipSpace()
        guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { return nil }
        at += 1
        let start = at
        // The common case: no escape, one copy.
        while at < bytes.count, bytes[at] != UInt8(ascii: "\""), bytes[at] != UInt8(ascii: "\\"), bytes[at] >= 0x20 { at += 1 }
        guard at < bytes.count else { return nil }
        if bytes[at] == UInt8(ascii: "\"") {
            defer { at += 1 }
            return String(validating: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
        }
        var text = Array(bytes[start..<at])
        while at < bytes.count {
            let byte = bytes[at]
            at += 1
            switch byte {
            case UInt8(ascii: "\""): return String(validating: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard at < bytes.count else { return nil }
                let escape = bytes[at]
                at += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escape)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(scalar) {
                        // A high surrogate must be followed by an escaped low one.
                        guard literal("\\u"), let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { return nil }
                    text.append(contentsOf: Array(String(Character(unicode)).utf8))
                default: return nil
                }
            default:
                guard byte >= 0x20 else { return nil }  // control characters must be escaped
                text.append(byte)
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard at + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[at]
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
            case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
            default: return nil
            }
            value = value << 4 | digit
            at += 1
        }
        return value
    }

    /// Skips any value (an unknown key's).
    private mutating func skipValue() -> Bool {
        skipSpace()
        guard at < bytes.count else { return false }
        switch bytes[at] {
        case UInt8(ascii: "{"): return object { _, parser in parser.skipValue() }
        case UInt8(ascii: "["): return array { $0.skipValue() ? true : nil } != nil
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default:
            // A number: its characters, checked no further (an unknown key's value is not used).
            let start = at
            while at < bytes.count, "+-.0123456789eE".utf8.contains(bytes[at]) { at += 1 }
            return at > start
        }
    }
}
