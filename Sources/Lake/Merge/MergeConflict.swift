import Columnar

/// How `merge` settles what both sides changed differently.
public enum MergeStrategy: String, Sendable, CaseIterable {
    /// Keep this branch's version of every conflicting value (and of a table restructured on both sides).
    case ours
    /// Take the merged branch's version.
    case theirs
}

/// One value both sides changed differently since the merge base.
public struct MergeConflict: Hashable, Sendable, CustomStringConvertible {
    public var table: String
    /// The row as a reader knows it: `cell_id 42` in `cells`, `gene_id 7` in `genes`, `row 9` in a plain table.
    public var row: String
    public var column: String
    public var base: Value
    public var ours: Value
    public var theirs: Value

    public var description: String {
        "\(table) \(row): \(column): base \(Self.spell(base)), ours \(Self.spell(ours)), theirs \(Self.spell(theirs))"
    }

    static func spell(_ value: Value) -> String {
        if case .string(let text) = value { return "'\(text)'" }
        return value.description
    }
}

/// A merge that stopped: nothing was committed. `conflicts` lists each conflicting value; `structural`
/// lists what cannot be merged value by value (a fragment restructured on one side and edited on the other,
/// a dataset added under one name on both sides).
public struct MergeConflicts: Error, CustomStringConvertible {
    public var conflicts: [MergeConflict]
    public var structural: [String]

    public var description: String {
        let count = conflicts.count + structural.count
        return "merge stopped on \(count) conflict\(count == 1 ? "" : "s"), nothing committed (resolve with --strategy ours|theirs)"
    }

    /// One line per conflict, for the user.
    public var lines: [String] { structural + conflicts.map(\.description) }
}
