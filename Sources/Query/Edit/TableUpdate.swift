import Columnar
import Lake

/// `cairn update TABLE --set "col = expr, ..." --where PRED`: new values for some rows of some columns.
///
/// Copy-on-write by column: each fragment holding a matching row gets one new data object with just the
/// assigned columns (all its rows: old values where the condition is false), and its manifest drops those
/// columns from the objects that held them. Nothing else is rewritten; matrices never are.
public enum TableUpdate {
    public struct Summary: Sendable {
        /// Rows the condition matched (and that got the new values).
        public var rows: Int
        /// Fragments that got a new object.
        public var fragments: Int
        /// Bytes of the new data objects.
        public var bytes: Int
    }

    /// Stages the update on `edits` (data objects written, nothing committed): returns what it changes.
    /// Throws when the condition matches no row.
    public static func stage(_ edits: inout TableEdits, table name: String, set assignmentsText: String,
                             where conditionText: String) throws -> Summary {
        let snapshot = edits.base
        let target = try EditTarget(snapshot, table: name, verb: "update")
        let table = target.table
        let assignments: [SQLAssignment]
        do {
            assignments = try SQLParser.parseAssignments(assignmentsText)
        } catch {
            throw QueryFailure(error, in: assignmentsText, context: "--set")
        }
        // Targets: real, settable, each once.
        let protected = Snapshot.protectedColumns(of: table)
        var targets: [Field] = []
        for assignment in assignments {
            let field = try target.field(assignment.column, context: "--set", in: assignmentsText)
            if protected.contains(field.name) {
                throw QueryFailure(SQLBindingError("column '\(field.name)' of table '\(table)' cannot be updated: it is \(table == "genes" ? "the gene registry's key" : "derived from the dataset records")",
                                                   offset: assignment.column.offset), in: assignmentsText, context: "--set")
            }
            if targets.contains(where: { $0.name == field.name }) {
                throw QueryFailure(SQLBindingError("column '\(field.name)' is assigned twice", offset: assignment.column.offset),
                                   in: assignmentsText, context: "--set")
            }
            targets.append(field)
        }
        let condition = try target.condition(conditionText)
        // Columns every fragment read needs: the condition's and the assigned expressions'.
        let fullScope = BindingScope(schema: target.schema, qualifier: table)
        let valueColumns = fullScope.columns(namedIn: assignments.map(\.value)).sorted().map { fullScope.columns[$0].name }
        var columns = condition.columns
        for column in valueColumns where !columns.contains(column) { columns.append(column) }
        let binder = target.binder(target.scope(columns))
        let predicate: BoundExpression
        var values: [BoundExpression] = []
        do {
            predicate = try binder.bindCondition(condition.syntax)
        } catch {
            throw QueryFailure(error, in: conditionText, context: "--where")
        }
        do {
            for (assignment, field) in zip(assignments, targets) {
                if ExpressionBinder.containsAggregate(assignment.value) {
                    throw SQLBindingError("aggregate functions are not allowed in --set", offset: assignment.value.offset)
                }
                var bound = try binder.bind(assignment.value)
                let isLiteral = assignment.value.literal != nil || bound.isLiteral
                if assignment.value.literal == .null {
                    guard field.nullable else {
                        throw SQLBindingError("column '\(field.name)' cannot be NULL", offset: assignment.value.offset)
                    }
                } else if !AssignmentType.fits(bound.type, into: field.type, isLiteral: isLiteral) {
                    throw SQLBindingError("cannot set column '\(field.name)' (\(field.type)) to \(assignment.value) (\(bound.type))",
                                          offset: assignment.value.offset)
                }
                if isLiteral { bound = try binder.coerce(bound, to: field.type, syntax: assignment.value) }
                values.append(bound)
            }
        } catch {
            throw QueryFailure(error, in: assignmentsText, context: "--set")
        }

        edits.noteRead(columns, of: table)
        let records = Dictionary(uniqueKeysWithValues: try snapshot.datasets().map { ($0.name, $0) })
        let categoryPrefix = table == "cells" ? "obs/" : table == "var" ? "var/" : nil
        let evaluator = ExpressionEvaluator()
        var summary = Summary(rows: 0, fragments: 0, bytes: 0)
        try target.forEachMatch(columns: columns, predicate: predicate) { fragment, batch, positions, kept in
            let chosen = batch.gather(kept)
            let stored = kept.map { positions[$0] }
            var fields: [Field] = []
            var rewritten: [Column] = []
            for (field, value) in zip(targets, values) {
                let old = try snapshot.storedColumn(field.name, of: fragment) ?? Column.nulls(field.type, count: fragment.manifest.rows)
                var new: Column
                do {
                    new = try CastKernel.cast(try evaluator.evaluate(value, on: chosen), to: old.type)
                } catch {
                    throw QueryFailure("--set: cannot set column '\(field.name)' (stored as \(old.type) in fragment \(table)/\(fragment.name)): \(error)")
                }
                if !field.nullable && new.nullCount > 0 {
                    throw QueryFailure("--set: column '\(field.name)' cannot be NULL, and the new value is NULL for \(new.nullCount) row\(new.nullCount == 1 ? "" : "s")")
                }
                if new.validity?.contains(false) == false { new.validity = nil }
                if let categoryPrefix, let dataset = fragment.manifest.dataset,
                   let order = records[dataset]?.categories[categoryPrefix + field.name] {
                    edits.extendCategories(of: dataset, key: categoryPrefix + field.name, known: order, with: new)
                }
                fields.append(Field(field.name, old.type, nullable: field.nullable))
                rewritten.append(old.replacing(stored, with: new))
            }
            let before = edits.bytesWritten
            try edits.replaceColumns(RecordBatch(schema: Schema(fields), columns: rewritten), of: fragment)
            summary.bytes += edits.bytesWritten - before
            summary.rows += kept.count
            summary.fragments += 1
        }
        guard summary.rows > 0 else {
            throw LakeError.invalidArgument("0 rows matched --where \(conditionText) in table '\(table)': nothing to update, nothing committed")
        }
        return summary
    }
}
