import Columnar
import Interchange
import Lake

/// How `cairn diff` prints a `SnapshotDiff`: text for people (full or `--stat`) and one JSON document
/// for scripts (its shape is documented in docs/guide.md and kept stable).
enum DiffRendering {
    // MARK: Text

    static func text(_ diff: SnapshotDiff, stat: Bool) -> String {
        guard !diff.isEmpty else { return "" }
        var out = "diff \(diff.old.abbreviated())..\(diff.new.abbreviated())\n"
        if !diff.datasetsAdded.isEmpty { out += "datasets added: \(diff.datasetsAdded.joined(separator: ", "))\n" }
        if !diff.datasetsRemoved.isEmpty { out += "datasets removed: \(diff.datasetsRemoved.joined(separator: ", "))\n" }
        for d in diff.datasets {
            var parts: [String] = []
            if d.cellsAdded + d.cellsRemoved > 0 { parts.append("\(signed(d.cellsAdded, d.cellsRemoved)) cells") }
            if d.genesAdded + d.genesRemoved > 0 { parts.append("\(signed(d.genesAdded, d.genesRemoved)) genes") }
            if d.nonZerosAdded + d.nonZerosRemoved > 0 { parts.append("\(signed(d.nonZerosAdded, d.nonZerosRemoved)) non-zeros") }
            let status = d.status == .modified ? "" : " (\(d.status.rawValue))"
            out += "dataset \(d.name)\(status): \(parts.isEmpty ? "no rows changed" : parts.joined(separator: ", "))\n"
        }
        for index in diff.geneIndexes {
            let entries = [index.oldEntries, index.newEntries].compactMap { $0.map(String.init) }.joined(separator: " -> ")
            out += "gene index \(index.table)/\(index.dataset) \(index.status.rawValue): \(entries) entries\n"
        }
        if stat {
            let width = diff.tables.map(\.table.count).max() ?? 0
            for t in diff.tables {
                let padding = String(repeating: " ", count: width - t.table.count)
                var line = "\(t.table)\(padding)  \(rows(t))"
                if !t.schema.isEmpty { line += ", schema changed" }
                if t.status != .modified { line += " (\(t.status.rawValue))" }
                out += line + "\n"
            }
            return out
        }
        for t in diff.tables {
            out += "\ntable \(t.table)\(t.status == .modified ? "" : " (\(t.status.rawValue))"): "
            out += "\(rows(t)) (fragments +\(t.fragmentsAdded) -\(t.fragmentsRemoved))\n"
            let schema = t.schema.added.map { "+ \($0.name) \($0.type)" } + t.schema.removed.map { "- \($0.name) \($0.type)" }
                + t.schema.retyped.map { "~ \($0.column) \($0.old) → \($0.new)" }
            if !schema.isEmpty { out += "  schema: \(schema.joined(separator: ", "))\n" }
            for c in t.columns {
                out += "  \(c.column): \(c.changedRows) \(c.changedRows == 1 ? "row" : "rows") changed\n"
                if !c.transitions.isEmpty {
                    let unitName = unit(t.table)
                    for transition in c.transitions {
                        out += "    \(c.column): \(transition.old) → \(transition.new)  \(transition.rows) \(transition.rows == 1 ? String(unitName.dropLast()) : unitName)\n"
                    }
                } else {
                    for example in c.examples {
                        out += "    \(keyLabel(t, example.key)): \(c.column) \(example.old) → \(example.new)\n"
                    }
                    if c.changedRows > c.examples.count { out += "    … \(c.changedRows - c.examples.count) more\n" }
                }
            }
        }
        return out
    }

    /// `+80 -3 cells, 12 changed`, `1000 cells changed` or `no rows changed`.
    private static func rows(_ t: TableDiff) -> String {
        var parts: [String] = []
        if t.rowsAdded + t.rowsRemoved > 0 { parts.append("\(signed(t.rowsAdded, t.rowsRemoved)) \(unit(t.table))") }
        if t.rowsChanged > 0 { parts.append(parts.isEmpty ? "\(t.rowsChanged) \(unit(t.table)) changed" : "\(t.rowsChanged) changed") }
        return parts.isEmpty ? "no rows changed" : parts.joined(separator: ", ")
    }

    /// `+3 -1`, `+3`, `-1` or `0`.
    private static func signed(_ added: Int, _ removed: Int) -> String {
        switch (added, removed) {
        case (0, 0): return "0"
        case (_, 0): return "+\(added)"
        case (0, _): return "-\(removed)"
        default: return "+\(added) -\(removed)"
        }
    }

    /// What a row of the table is called.
    private static func unit(_ table: String) -> String {
        switch table {
        case "cells": return "cells"
        case "genes", "var": return "genes"
        case _ where table == "expression" || table.hasPrefix("layer_"): return "entries"
        default: return "rows"
        }
    }

    /// `cell 1234`, `gene 17`, `dataset a gene 17`, `row 12`.
    private static func keyLabel(_ table: TableDiff, _ key: [Value]) -> String {
        if table.keyColumns.isEmpty { return "row \(key.first?.description ?? "?")" }
        return zip(table.keyColumns, key).map { name, value in
            let label = name == "cell_id" ? "cell" : (name == "gene_id" ? "gene" : name)
            return "\(label) \(value)"
        }.joined(separator: " ")
    }

    // MARK: JSON

    static func json(_ diff: SnapshotDiff, stat: Bool) -> String {
        func object(_ members: [(String, String)]) -> String {
            "{" + members.map { "\(JSONText.string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
        }
        func array(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }
        func strings(_ items: [String]) -> String { array(items.map(JSONText.string)) }
        func field(_ f: Field) -> String { object([("name", JSONText.string(f.name)), ("type", JSONText.string(f.type.description))]) }

        let datasets = diff.datasets.map { d in
            object([("name", JSONText.string(d.name)), ("status", JSONText.string(d.status.rawValue)),
                    ("cells_added", "\(d.cellsAdded)"), ("cells_removed", "\(d.cellsRemoved)"),
                    ("genes_added", "\(d.genesAdded)"), ("genes_removed", "\(d.genesRemoved)"),
                    ("non_zeros_added", "\(d.nonZerosAdded)"), ("non_zeros_removed", "\(d.nonZerosRemoved)")])
        }
        let tables = diff.tables.map { t -> String in
            var members: [(String, String)] = [
                ("table", JSONText.string(t.table)), ("status", JSONText.string(t.status.rawValue)),
                ("rows_added", "\(t.rowsAdded)"), ("rows_removed", "\(t.rowsRemoved)"), ("rows_changed", "\(t.rowsChanged)"),
                ("fragments_added", "\(t.fragmentsAdded)"), ("fragments_removed", "\(t.fragmentsRemoved)"),
                ("schema", object([
                    ("added", array(t.schema.added.map(field))), ("removed", array(t.schema.removed.map(field))),
                    ("retyped", array(t.schema.retyped.map {
                        object([("name", JSONText.string($0.column)), ("old", JSONText.string($0.old.description)),
                                ("new", JSONText.string($0.new.description))])
                    })),
                ])),
                ("key", strings(t.keyColumns.isEmpty ? ["row"] : t.keyColumns)),
                ("datasets", array(t.datasets.keys.sorted().map { name in
                    object([("name", JSONText.string(name)), ("rows_added", "\(t.datasets[name]!.added)"),
                            ("rows_removed", "\(t.datasets[name]!.removed)")])
                })),
            ]
            members.append(("columns", array(t.columns.map { c in
                var column: [(String, String)] = [("column", JSONText.string(c.column)), ("changed_rows", "\(c.changedRows)")]
                if !stat {
                    column.append(("transitions", array(c.transitions.map {
                        object([("old", JSONText.value($0.old)), ("new", JSONText.value($0.new)), ("rows", "\($0.rows)")])
                    })))
                    column.append(("examples", array(c.examples.map {
                        object([("key", array($0.key.map(JSONText.value))), ("old", JSONText.value($0.old)), ("new", JSONText.value($0.new))])
                    })))
                }
                return object(column)
            })))
            return object(members)
        }
        return object([
            ("old", JSONText.string(diff.old.hex)), ("new", JSONText.string(diff.new.hex)),
            ("datasets_added", strings(diff.datasetsAdded)), ("datasets_removed", strings(diff.datasetsRemoved)),
            ("datasets", array(datasets)), ("tables", array(tables)),
            ("gene_indexes", array(diff.geneIndexes.map { index in
                object([("table", JSONText.string(index.table)), ("dataset", JSONText.string(index.dataset)),
                        ("status", JSONText.string(index.status.rawValue)),
                        ("old_entries", index.oldEntries.map(String.init) ?? "null"), ("new_entries", index.newEntries.map(String.init) ?? "null")])
            })),
        ]) + "\n"
    }
}
