import Columnar
import Parquet
import Storage

extension Snapshot {
    /// Writes the table's live rows to one Parquet file (replaced atomically), row groups going to disk as
    /// they are written so that memory does not grow with the table; returns the row count.
    public func exportTable(_ table: String, toParquet path: String) throws -> Int {
        let schema = try schema(of: table)
        var options = ParquetWriteOptions()
        options.rowGroupRows = repository.config.rowGroupRows
        options.pageBytes = repository.config.pageBytes
        options.maxPageRows = repository.config.pageRows
        var writer = try ParquetWriter(schema: schema, options: options)
        var rows = 0
        try AtomicFile.write(to: path) { append in
            try scan(table) { batch in
                try writer.write(batch)
                try append(writer.takeWrittenBytes())
            }
            let result = try writer.finish()
            try append(result.bytes)
            rows = result.rows
        }
        return rows
    }
}
