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

    /// The facts of matrix `name` at `snapshot`: `X`, or a layer's name.
    public init(snapshot: Snapshot, matrix name: String) throws {
        (table, valueType) = try snapshot.matrixTable(name)
        exactType = valueType
        if valueType.isInteger {
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
            if low != .min { exactType = Self.narrowest(low, high) ?? valueType }
        }
        features = try snapshot.registryFeatures()
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
