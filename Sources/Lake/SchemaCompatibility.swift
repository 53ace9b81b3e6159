import Columnar

/// The rules for appending rows of one schema to a table of another.
///
/// Columns are matched by name (the source may order them differently); every table column must be present
/// and no extra column may appear; types must be equal. A column the table declares non-nullable accepts
/// no nulls.
enum SchemaCompatibility {
    /// The schema the appended rows are written with (the table's), or a mismatch error naming the column.
    static func appendTarget(table: String, existing: Schema, incoming: Schema, source: String) throws -> Schema {
        for field in existing.fields {
            guard let other = incoming.field(named: field.name) else {
                throw LakeError.schemaMismatch(table: table, source: source, detail: "missing column '\(field.name)'")
            }
            guard other.type == field.type else {
                throw LakeError.schemaMismatch(table: table, source: source,
                                               detail: "column '\(field.name)' is \(other.type), the table has \(field.type)")
            }
        }
        if let extra = incoming.fields.first(where: { existing.index(of: $0.name) == nil }) {
            throw LakeError.schemaMismatch(table: table, source: source, detail: "column '\(extra.name)' is not in the table")
        }
        return existing
    }

    /// Reorders a batch's columns into the table's order and checks nullability.
    static func align(_ batch: RecordBatch, to target: Schema, table: String, source: String) throws -> RecordBatch {
        let columns = try target.fields.map { field -> Column in
            guard let i = batch.schema.index(of: field.name) else {
                throw LakeError.schemaMismatch(table: table, source: source, detail: "missing column '\(field.name)'")
            }
            let column = batch.columns[i]
            guard column.type == field.type else {
                throw LakeError.schemaMismatch(table: table, source: source,
                                               detail: "column '\(field.name)' is \(column.type), the table has \(field.type)")
            }
            if !field.nullable && column.nullCount > 0 {
                throw LakeError.schemaMismatch(table: table, source: source,
                                               detail: "column '\(field.name)' has nulls but is not nullable in the table")
            }
            return column
        }
        return RecordBatch(schema: target, columns: columns)
    }
}
