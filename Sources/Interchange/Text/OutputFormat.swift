/// How a command prints rows: an aligned table for people, or csv / tsv / json (one object per line) for scripts.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, csv, tsv, json
}
