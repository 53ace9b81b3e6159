import Columnar
import Lake

/// `cairn annotate TABLE --from FILE --key COLUMN`: columns of a file joined to a table by a key. A
/// column the table lacks becomes a new nullable column (fragments without a matching row get no object:
/// they read nulls); an existing column gets the file's values on matching rows and keeps its own
/// elsewhere. Only the annotated columns of fragments with a match are written.
public enum TableAnnotation {
    public struct Summary: Sendable {
        /// Table rows that matched a key of the file.
        public var rows: Int
        /// File rows whose key matched no row of the table.
        public var unmatchedKeys: Int
        public var newColumns: [String]
        public var updatedColumns: [String]
        public var fragments: Int
        public var bytes: Int
    }

    /// Stages the annotation on `edits` (data objects written, nothing committed). `annotations` holds
    /// the file's rows (`source` names the file in messages); `columns` limits which of its columns are
    /// written (default: all but the key).
    public static func stage(_ edits: inout TableEdits, table name: String, annotations: RecordBatch, source: String,
                             key: String, columns wanted: [String]?) throws -> Summary {
        let snapshot = edits.base
        let target = try EditTarget(snapshot, table: name, verb: "annotate")
        let table = target.table
        guard let keyIndex = annotations.schema.index(of: key) else {
            throw LakeError.invalidArgument("\(source) has no key column '\(key)' (its columns: \(annotations.schema.names.joined(separator: ", ")))")
        }
        guard let tableKey = target.schema.field(named: key) else {
            throw LakeError.invalidArgument("no column '\(key)' in table '\(table)' to join \(source) on" + NearestNames.hint(for: key, among: target.schema.names))
        }
        let names = wanted ?? annotations.schema.names.filter { $0 != key }
        guard !names.isEmpty else { throw LakeError.invalidArgument("\(source) has no column to annotate besides the key '\(key)'") }
        let protected = Snapshot.protectedColumns(of: table)
        var fields: [(field: Field, csv: Column, isNew: Bool)] = []
        for name in names {
            guard name != key else { throw LakeError.invalidArgument("--columns: '\(key)' is the key, it is not annotated") }
            guard let index = annotations.schema.index(of: name) else {
                throw LakeError.invalidArgument("--columns: \(source) has no column '\(name)'" + NearestNames.hint(for: name, among: annotations.schema.names))
            }
            if fields.contains(where: { $0.field.name == name }) { throw LakeError.invalidArgument("--columns: '\(name)' given twice") }
            let incoming = annotations.schema.fields[index]
            if protected.contains(name) {
                throw LakeError.invalidArgument("column '\(name)' of table '\(table)' cannot be annotated: it is \(table == "genes" ? "the gene registry's key" : "derived from the dataset records")")
            }
            if let existing = target.schema.field(named: name) {
                guard AssignmentType.fits(incoming.type, into: existing.type, isLiteral: true) else {
                    throw LakeError.invalidArgument("\(source): column '\(name)' holds \(incoming.type) values, table '\(table)' has it as \(existing.type)")
                }
                fields.append((existing, annotations.columns[index], false))
            } else {
                fields.append((Field(name, incoming.type, nullable: true), annotations.columns[index], true))
            }
        }
        // The file's keys as text (a numeric-looking key column still joins obs names), each once.
        let fileKeys: Column
        do {
            fileKeys = try CastKernel.cast(annotations.columns[keyIndex], to: .string)
        } catch {
            throw LakeError.invalidArgument("\(source): key column '\(key)': \(error)")
        }
        guard case .bytes(let keyText) = fileKeys.buffer else { throw LakeError.invalidArgument("\(source): key column '\(key)' is not text") }
        var rowOfKey: [String: Int] = [:]
        rowOfKey.reserveCapacity(fileKeys.count)
        for i in 0..<fileKeys.count {
            guard !fileKeys.isNull(i) else { throw LakeError.invalidArgument("\(source): row \(i + 1) has no value in key column '\(key)'") }
            let k = keyText.string(at: i)
            if rowOfKey.updateValue(i, forKey: k) != nil {
                throw LakeError.invalidArgument("\(source): key '\(k)' appears more than once in column '\(key)'")
            }
        }

        for field in fields where field.isNew { edits.addColumn(field.field, to: table) }
        edits.noteRead([key], of: table)
        let records = Dictionary(uniqueKeysWithValues: try snapshot.datasets().map { ($0.name, $0) })
        let categoryPrefix = table == "cells" ? "obs/" : table == "var" ? "var/" : nil
        var matchedKeys = [Bool](repeating: false, count: fileKeys.count)
        var summary = Summary(rows: 0, unmatchedKeys: 0, newColumns: fields.filter(\.isNew).map(\.field.name),
                              updatedColumns: fields.filter { !$0.isNew }.map(\.field.name), fragments: 0, bytes: 0)
        for fragment in try snapshot.fragments(of: table) where fragment.manifest.liveRows > 0 {
            let (batch, positions) = try snapshot.readLive(fragment, columns: [tableKey.name])
            let keys = try CastKernel.cast(batch.columns[0], to: .string)
            guard case .bytes(let text) = keys.buffer else { continue }
            var stored: [Int] = [], fileRows: [Int] = []
            for i in 0..<keys.count where !keys.isNull(i) {
                if let row = rowOfKey[text.string(at: i)] {
                    stored.append(positions[i])
                    fileRows.append(row)
                    matchedKeys[row] = true
                }
            }
            if stored.isEmpty { continue }
            var written: [Field] = []
            var rewritten: [Column] = []
            for (field, csv, isNew) in fields {
                let old = try snapshot.storedColumn(field.name, of: fragment) ?? Column.nulls(field.type, count: fragment.manifest.rows)
                var new: Column
                do {
                    new = try CastKernel.cast(csv.gather(fileRows), to: old.type)
                } catch {
                    throw LakeError.invalidArgument("\(source): column '\(field.name)' does not fit table '\(table)' (\(old.type)): \(error)")
                }
                if new.validity?.contains(false) == false { new.validity = nil }
                if let categoryPrefix, !isNew, let dataset = fragment.manifest.dataset,
                   let order = records[dataset]?.categories[categoryPrefix + field.name] {
                    edits.extendCategories(of: dataset, key: categoryPrefix + field.name, known: order, with: new)
                }
                if isNew, let dataset = fragment.manifest.dataset {
                    if table == "cells" { edits.addObsColumn(Field(field.name, old.type, nullable: true), to: dataset) }
                    if table == "var" { edits.addVarColumn(Field(field.name, old.type, nullable: true), to: dataset) }
                }
                written.append(Field(field.name, old.type, nullable: true))
                rewritten.append(old.replacing(stored, with: new))
            }
            let before = edits.bytesWritten
            try edits.replaceColumns(RecordBatch(schema: Schema(written), columns: rewritten), of: fragment)
            summary.bytes += edits.bytesWritten - before
            summary.rows += stored.count
            summary.fragments += 1
        }
        guard summary.rows > 0 else {
            throw LakeError.invalidArgument("no row of table '\(table)' has a '\(key)' found in \(source): nothing to annotate, nothing committed")
        }
        summary.unmatchedKeys = matchedKeys.count { !$0 }
        return summary
    }
}
