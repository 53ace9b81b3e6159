import Columnar
import Parquet
import Storage

/// A query result leaving the process: as text in an `OutputFormat`, or as a Parquet file.
public enum BatchOutput {
    public static func render(_ batch: RecordBatch, _ format: OutputFormat) -> String {
        var table = ResultTable(columns: batch.schema.names)
        for row in 0..<batch.rowCount { table.append(batch.columns.map { $0.value(at: row) }) }
        return table.render(format)
    }

    /// Writes `batch` as one Parquet file, replaced atomically. Repeated column names (`SELECT a, a`) get
    /// a suffix, since a Parquet schema cannot repeat one.
    public static func writeParquet(_ batch: RecordBatch, to path: String) throws {
        var seen: [String: Int] = [:]
        let fields = batch.schema.fields.map { field -> Field in
            var renamed = field
            let n = seen[field.name, default: 0]
            seen[field.name] = n + 1
            if n > 0 { renamed.name = "\(field.name)_\(n)" }
            renamed.nullable = true
            return renamed
        }
        var writer = try ParquetWriter(schema: Schema(fields))
        try writer.write(RecordBatch(schema: Schema(fields), columns: batch.columns))
        try AtomicFile.write(try writer.finish().bytes, to: path)
    }
}
