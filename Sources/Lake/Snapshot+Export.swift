import Columnar
import Parquet
import Storage

extension Snapshot {
    /// Writes the table's live rows to one Parquet file (replaced atomically); returns the row count.
    public func exportTable(_ table: String, toParquet path: String) throws -> Int {
        let schema = try schema(of: table)
        var options = ParquetWriteOptions()
        options.rowGroupRows = repository.config.rowGroupRows
        options.pageBytes = repository.config.pageBytes
        options.maxPageRows = repository.config.pageRows
        var writer = try ParquetWriter(schema: schema, options: options)
        try scan(table) { try writer.write($0) }
        let result = try writer.finish()
        try AtomicFile.write(result.bytes, to: path)
        return result.rows
    }
}
