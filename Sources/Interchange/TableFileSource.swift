import Columnar
import Foundation
import Lake
import Parquet

/// Opens a user's file as rows to append: CSV or TSV by extension, Parquet by extension or magic bytes.
public enum TableFileSource {
    /// - Parameters:
    ///   - schemaOverrides: `--schema "col:type,..."` (CSV only).
    ///   - tableSchema: the target table's schema when it exists: CSV columns whose inferred type differs
    ///     are read as the table's type instead (so "3" loads into a float64 column), and values that do not
    ///     parse as that type are reported with their line.
    public static func open(path: String, schemaOverrides: String? = nil, tableSchema: Schema? = nil) throws -> BatchSource {
        guard FileManager.default.fileExists(atPath: path) else { throw SourceError("\(path): no such file") }
        switch fileKind(path) {
        case .parquet:
            if schemaOverrides != nil { throw SourceError("\(path): --schema applies to CSV and TSV files only") }
            return try ParquetFileSource(path: path)
        case .delimited:
            let overrides = try schemaOverrides.map(SchemaOverrideParser.parse) ?? [:]
            var reader = CSVReader(path: path, options: CSVOptions(schemaOverrides: overrides))
            let inferred = try reader.inferSchema()
            if let tableSchema {
                var hinted = overrides
                for field in inferred.fields where overrides[field.name] == nil {
                    if let target = tableSchema.field(named: field.name), target.type != field.type { hinted[field.name] = target.type }
                }
                if hinted != overrides {
                    reader = CSVReader(path: path, options: CSVOptions(schemaOverrides: hinted))
                    _ = try reader.inferSchema()
                }
            }
            return CSVFileSource(reader: reader, schema: try reader.inferSchema())
        case nil:
            throw SourceError("\(path): unsupported file type (expected .csv, .tsv or .parquet)")
        }
    }

    enum Kind { case parquet, delimited }

    static func fileKind(_ path: String) -> Kind? {
        let lower = path.lowercased()
        if lower.hasSuffix(".parquet") || lower.hasSuffix(".pq") { return .parquet }
        if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") || lower.hasSuffix(".txt") { return .delimited }
        if let handle = FileHandle(forReadingAtPath: path), let head = try? handle.read(upToCount: 4),
           head == Data("PAR1".utf8) { return .parquet }
        return nil
    }
}

/// A failure opening a source file, as one line.
public struct SourceError: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

struct CSVFileSource: BatchSource {
    let reader: CSVReader
    let schema: Schema

    var displayName: String { (reader.path as NSString).lastPathComponent }
    var path: String? { reader.path }

    func forEachBatch(_ body: (RecordBatch) throws -> Void) throws { try reader.forEachBatch(body) }
}

/// A user's Parquet file, read one row group at a time.
struct ParquetFileSource: BatchSource {
    let filePath: String
    let reader: ParquetFileReader

    init(path: String) throws {
        filePath = path
        do {
            reader = try ParquetFileReader(source: FileByteSource(path: path))
        } catch let error as ParquetError {
            throw SourceError("\(path): \(error)")
        }
    }

    var displayName: String { (filePath as NSString).lastPathComponent }
    var path: String? { filePath }
    var schema: Schema { reader.schema }

    func forEachBatch(_ body: (RecordBatch) throws -> Void) throws {
        for group in 0..<reader.rowGroupCount {
            let batch: RecordBatch
            do { batch = try reader.readRowGroup(group, columns: nil) } catch let error as ParquetError {
                throw SourceError("\(filePath): row group \(group): \(error)")
            }
            try body(batch)
        }
    }
}
