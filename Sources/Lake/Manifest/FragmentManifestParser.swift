import Storage

/// Reads a fragment manifest's JSON straight into a `FragmentManifest` with a `JSONScanner`, without
/// Foundation's `JSONDecoder`: a query of a large matrix decodes hundreds of manifests before reading
/// any data, and the generic decoder spends most of that time on its own machinery.
///
/// It accepts exactly what it understands — integers as plain digits, strings with JSON escapes, the
/// manifest's keys (others skipped, as readers must) — and returns nil for anything else, so the caller
/// falls back to `JSONDecoder`, which then decodes it or says precisely what is wrong. So it never
/// decides differently from the decoder, only faster.
enum FragmentManifestParser {
    static func parse(_ data: [UInt8]) -> FragmentManifest? {
        data.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(bytes: buffer)
            guard let manifest = manifest(&scanner), scanner.atEnd() else { return nil }
            return manifest
        }
    }

    // MARK: The manifest's shapes

    private static func manifest(_ parser: inout JSONScanner) -> FragmentManifest? {
        var formatVersion: Int?, rowOffset: Int?, rows: Int?, objects: [FragmentObject]?, statistics: [String: ColumnStatistics]?
        var deletionVector: DeletionVectorReference?, dataset: String?, datasetRow: Int?
        let complete = parser.object { key, parser in
            switch key {
            case "format_version": formatVersion = parser.integer(); return formatVersion != nil
            case "row_offset": rowOffset = parser.integer(); return rowOffset != nil
            case "rows": rows = parser.integer(); return rows != nil
            case "objects": objects = parser.array { Self.fragmentObject(&$0) }; return objects != nil
            case "statistics":
                var all: [String: ColumnStatistics] = [:]
                let ok = parser.object { column, parser in
                    guard let stats = Self.columnStatistics(&parser) else { return false }
                    all[column] = stats
                    return true
                }
                statistics = all
                return ok
            case "deletion_vector": return parser.optional { deletionVector = Self.deletionVector(&$0); return deletionVector != nil }
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

    private static func fragmentObject(_ parser: inout JSONScanner) -> FragmentObject? {
        var hash: ObjectHash?, size: Int?, columns: [String]?, footer: ByteRange?
        var columnIndex: ByteRange?, offsetIndex: ByteRange?, blocks: BlockDigests?
        let complete = parser.object { key, parser in
            switch key {
            case "sha256": hash = Self.hash(&parser); return hash != nil
            case "bytes": size = parser.integer(); return size != nil
            case "columns": columns = parser.array { $0.string() }; return columns != nil
            case "footer": footer = Self.byteRange(&parser); return footer != nil
            case "column_index": return parser.optional { columnIndex = Self.byteRange(&$0); return columnIndex != nil }
            case "offset_index": return parser.optional { offsetIndex = Self.byteRange(&$0); return offsetIndex != nil }
            case "blocks": return parser.optional { blocks = Self.blockDigests(&$0); return blocks != nil }
            default: return parser.skipValue()
            }
        }
        guard complete, let hash, let size, let columns, let footer else { return nil }
        return FragmentObject(hash: hash, bytes: size, columns: columns, footer: footer, columnIndex: columnIndex, offsetIndex: offsetIndex, blocks: blocks)
    }

    private static func byteRange(_ parser: inout JSONScanner) -> ByteRange? {
        var offset: Int?, length: Int?
        let complete = parser.object { key, parser in
            switch key {
            case "offset": offset = parser.integer(); return offset != nil
            case "length": length = parser.integer(); return length != nil
            default: return parser.skipValue()
            }
        }
        guard complete, let offset, let length else { return nil }
        return ByteRange(offset: offset, length: length)
    }

    private static func blockDigests(_ parser: inout JSONScanner) -> BlockDigests? {
        var blockBytes: Int?, hashes: [ObjectHash]?
        let complete = parser.object { key, parser in
            switch key {
            case "block_bytes": blockBytes = parser.integer(); return blockBytes != nil
            case "sha256": hashes = parser.array { Self.hash(&$0) }; return hashes != nil
            default: return parser.skipValue()
            }
        }
        guard complete, let blockBytes, let hashes else { return nil }
        return BlockDigests(blockBytes: blockBytes, sha256: hashes)
    }

    private static func deletionVector(_ parser: inout JSONScanner) -> DeletionVectorReference? {
        var hash: ObjectHash?, size: Int?, deleted: Int?
        let complete = parser.object { key, parser in
            switch key {
            case "sha256": hash = Self.hash(&parser); return hash != nil
            case "bytes": size = parser.integer(); return size != nil
            case "deleted_rows": deleted = parser.integer(); return deleted != nil
            default: return parser.skipValue()
            }
        }
        guard complete, let hash, let size, let deleted else { return nil }
        return DeletionVectorReference(hash: hash, bytes: size, deletedRows: deleted)
    }

    private static func columnStatistics(_ parser: inout JSONScanner) -> ColumnStatistics? {
        var min: String?, max: String?, nullCount: Int?, integral: Bool?
        let complete = parser.object { key, parser in
            switch key {
            case "min": return parser.optional { min = $0.string(); return min != nil }
            case "max": return parser.optional { max = $0.string(); return max != nil }
            case "null_count": nullCount = parser.integer(); return nullCount != nil
            case "integral":
                return parser.optional {
                    integral = $0.literal("true") ? true : $0.literal("false") ? false : nil
                    return integral != nil
                }
            default: return parser.skipValue()
            }
        }
        guard complete, let nullCount else { return nil }
        return ColumnStatistics(min: min, max: max, nullCount: nullCount, integral: integral)
    }

    private static func hash(_ parser: inout JSONScanner) -> ObjectHash? { parser.string().flatMap(ObjectHash.init(hex:)) }
}
