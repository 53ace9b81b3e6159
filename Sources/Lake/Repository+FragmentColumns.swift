import Columnar
import Parquet

/// Column-level access to one fragment by stored position (deleted rows included): what edits, merges
/// and diffs work with, since a copy-on-write column object holds every stored row of its fragment.
extension Repository {
    /// Every stored row of column `name`, in the type its object stores; nil when no object of the
    /// fragment holds it (the fragment predates the column, or the column is derived).
    func storedColumn(_ name: String, of manifest: FragmentManifest, path: String) throws -> Column? {
        guard let object = manifest.objects.first(where: { $0.columns.contains(name) }) else { return nil }
        let reader = try ParquetFileReader(source: try ObjectByteSource(repository: self, object: object), footer: object.footer.range)
        guard reader.rowCount == manifest.rows else {
            throw LakeError.corruptManifest(path: path, detail: "object \(object.hash.hex) has \(reader.rowCount) rows, manifest says \(manifest.rows)")
        }
        return try reader.read(columns: [name]).columns[0]
    }

    /// The fragment's deletion vector, read and checked against its rows; nil when it has none.
    func deletionVector(of manifest: FragmentManifest) throws -> DeletionVector? {
        try manifest.deletionVector.map { try DeletionVector(decoding: readObject($0.hash), rows: manifest.rows) }
    }

    /// Positions, ascending, that the fragment's deletion vector names (empty without one).
    func deletedPositions(of manifest: FragmentManifest) throws -> [Int] {
        try deletionVector(of: manifest)?.positions.map { Int($0) } ?? []
    }

    /// Which stored rows are live; nil when the fragment has no deletion vector (all are).
    func liveMask(of manifest: FragmentManifest) throws -> [Bool]? {
        try deletionVector(of: manifest)?.liveMask(rows: manifest.rows)
    }

    /// Writes `columns` — every stored row of one fragment — as one data object, and returns it with the
    /// columns' statistics, for a manifest to list in place of those columns' old object.
    func writeColumnObject(_ columns: RecordBatch, path: String) throws -> (object: FragmentObject, statistics: [String: ColumnStatistics]) {
        var options = config
        options.fragmentRows = max(1, columns.rowCount)
        var writer = FragmentWriter(schema: columns.schema, config: options, objects: objects)
        try writer.append(columns)
        guard let written = try writer.finish().first, let object = written.objects.first else {
            throw LakeError.invalidArgument("\(path): nothing to write")
        }
        return (object, written.statistics)
    }

    /// A deletion vector naming `positions`, stored.
    func writeDeletionVector(_ positions: Set<Int>) throws -> DeletionVectorReference {
        let bytes = DeletionVector(positions: positions.map(UInt64.init)).encoded()
        return DeletionVectorReference(hash: try objects.put(bytes), bytes: bytes.count, deletedRows: positions.count)
    }
}
