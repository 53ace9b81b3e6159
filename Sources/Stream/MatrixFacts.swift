import Columnar
import Lake

/// What a tokenizer is built from: the matrix's table and value types, and the gene registry.
public struct MatrixFacts: Sendable {
    /// The matrix's table (`expression`, `layer_counts`, …).
    public var table: String
    /// The type the table holds values in.
    public var valueType: DataType
    /// The narrowest type that holds every stored value exactly (from fragment statistics).
    public var exactType: DataType
    /// Gene ids are below this.
    public var geneCount: Int
    /// `feature_id` by `gene_id` (empty for an id the registry lacks).
    public var features: [String]

    /// The facts of matrix `name` at `snapshot`: `X` (or `expression`), a layer's name, or a table name.
    public init(snapshot: Snapshot, matrix name: String) throws {
        let tables = snapshot.tableNames
        let candidates = name == "X" ? ["expression"] : [name, "layer_" + name]
        guard let table = candidates.first(where: { tables.contains($0) && ($0 == "expression" || $0.hasPrefix("layer_")) }) else {
            let matrices = ["X"] + tables.filter { $0.hasPrefix("layer_") }.map { String($0.dropFirst("layer_".count)) }
            throw LakeError.invalidArgument("--matrix: no matrix '\(name)' at \(snapshot.revision) (matrices: \(matrices.joined(separator: ", ")))")
        }
        self.table = table
        guard let value = try snapshot.schema(of: table).field(named: "value") else { throw LakeError.unknownColumn("value", table: table) }
        valueType = value.type
        exactType = value.type
        if value.type.isInteger {
            var low: Int64 = 0, high: Int64 = 0
            for fragment in try snapshot.fragments(of: table) {
                guard let statistics = fragment.manifest.statistics["value"],
                      let min = statistics.min.flatMap({ Int64($0) }), let max = statistics.max.flatMap({ Int64($0) }) else {
                    low = .min
                    break
                }
                low = Swift.min(low, min)
                high = Swift.max(high, max)
            }
            if low != .min { exactType = Self.narrowest(low, high) ?? value.type }
        }
        var features: [String] = []
        if tables.contains("genes") {
            try snapshot.scan("genes", columns: ["gene_id", "feature_id"]) { batch in
                guard case .int64(let ids) = batch.columns[0].buffer, case .bytes(let keys) = batch.columns[1].buffer else { return }
                for i in 0..<batch.rowCount {
                    let id = Int(ids[i])
                    if id >= features.count { features += Array(repeating: "", count: id + 1 - features.count) }
                    features[id] = keys.string(at: i)
                }
            }
        }
        self.features = features
        geneCount = features.count
    }

    static func narrowest(_ low: Int64, _ high: Int64) -> DataType? {
        if low >= 0 {
            if high <= Int64(UInt8.max) { return .uint8 }
            if high <= Int64(UInt16.max) { return .uint16 }
            if high <= Int64(UInt32.max) { return .uint32 }
            return .int64
        }
        if low >= Int64(Int8.min) && high <= Int64(Int8.max) { return .int8 }
        if low >= Int64(Int16.min) && high <= Int64(Int16.max) { return .int16 }
        if low >= Int64(Int32.min) && high <= Int64(Int32.max) { return .int32 }
        return nil
    }
}
