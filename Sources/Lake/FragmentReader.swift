import Columnar
import Parquet
import Storage

/// Reads a fragment's live rows: finds the object holding each wanted column, reads them (using the footer
/// offsets the manifest records, so no tail read), and drops rows named by the deletion vector.
struct FragmentReader {
    let repository: Repository
    let fragment: Fragment
    let schema: Schema

    func read(columns wanted: [String], _ body: (RecordBatch) throws -> Void) throws {
        let manifest = fragment.manifest
        let live = try manifest.deletionVector.map { reference in
            try DeletionVector(decoding: repository.readObject(reference.hash), rows: manifest.rows).liveMask(rows: manifest.rows)
        }
        let fields = try wanted.map { name in
            guard let field = schema.field(named: name) else { throw LakeError.unknownColumn(name, table: fragment.table) }
            return field
        }
        // Objects in order of first use, each with the wanted columns it holds.
        var plan: [(object: FragmentObject, columns: [String])] = []
        for name in wanted {
            guard let object = manifest.objects.first(where: { $0.columns.contains(name) }) else {
                throw LakeError.corruptManifest(path: "fragment \(fragment.table)/\(fragment.name)",
                                                detail: "no object holds column '\(name)'")
            }
            if let i = plan.firstIndex(where: { $0.object.hash == object.hash }) { plan[i].columns.append(name) }
            else { plan.append((object, [name])) }
        }
        let readers = try plan.map { entry in
            let reader = try ParquetFileReader(source: ObjectByteSource(repository: repository, object: entry.object),
                                               footer: entry.object.footer.range)
            guard reader.rowCount == manifest.rows else {
                throw LakeError.corruptManifest(path: "fragment \(fragment.table)/\(fragment.name)",
                                                detail: "object \(entry.object.hash.hex) has \(reader.rowCount) rows, manifest says \(manifest.rows)")
            }
            return reader
        }
        // One object: stream row group by row group. Several column groups: their row groups may differ, so
        // read each whole and stitch.
        if readers.count == 1 {
            var start = 0
            for group in 0..<readers[0].rowGroupCount {
                let batch = try readers[0].readRowGroup(group, columns: plan[0].columns)
                try emit(batch, start: start, fields: fields, live: live, body)
                start += batch.rowCount
            }
            return
        }
        var columns: [String: Column] = [:]
        for (reader, entry) in zip(readers, plan) {
            let batch = try reader.read(columns: entry.columns)
            for (i, name) in entry.columns.enumerated() { columns[name] = batch.columns[i] }
        }
        try emit(RecordBatch(schema: Schema(fields), columns: wanted.map { columns[$0]! }), start: 0, fields: fields, live: live, body)
    }

    private func emit(_ batch: RecordBatch, start: Int, fields: [Field], live: [Bool]?,
                      _ body: (RecordBatch) throws -> Void) throws {
        var batch = RecordBatch(schema: Schema(fields), columns: try zip(batch.columns, fields).map { column, field in
            guard column.type == field.type else {
                throw LakeError.corruptManifest(path: "fragment \(fragment.table)/\(fragment.name)",
                                                detail: "column '\(field.name)' is \(column.type) in the object, \(field.type) in the schema")
            }
            return column
        })
        if let live {
            batch = batch.filter(Array(live[start..<(start + batch.rowCount)]))
        }
        if batch.rowCount > 0 { try body(batch) }
    }
}

/// Range reads of one data object, for the Parquet reader.
struct ObjectByteSource: ParquetByteSource {
    let repository: Repository
    let object: FragmentObject

    var size: Int { object.bytes }

    func read(_ range: Range<Int>) throws -> [UInt8] {
        try repository.readObject(object.hash, range: range)
    }
}
