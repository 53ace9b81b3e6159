import Columnar
import Lake

/// What a tokenizer is built from: the matrix's table and value types, and the gene registry.
public struct MatrixFacts: Sendable {
    /// The matrix's table (`expression`, `layer_counts`, …).
    public var table: String
    /// The type the table holds values in.
    public var valueType: DataType
    /// The narrowest type that holds every stored value exactly (from fragment statistics): an integer type
    /// for integer storage, and for floating-point storage whose every value the statistics record as whole
    /// (counts kept as float32); else the stored type.
    public var exactType: DataType
    /// Whether every value is a whole number: integer storage, or floats the statistics record as whole.
    public var wholeValues: Bool
    /// Gene ids are below this.
    public var geneCount: Int
    /// `feature_id` by `gene_id` (empty for an id the registry lacks).
    public var features: [String]

    /// The facts of matrix `name` at `snapshot`: `X`, or a layer's name.
    public init(snapshot: Snapshot, matrix name: String) throws {
        (table, valueType) = try snapshot.matrixTable(name)
        exactType = valueType
        let fragments = try snapshot.fragments(of: table)
        // Manifests written before cairn recorded `integral` say nothing, and their floats stay floats.
        wholeValues = valueType.isInteger
            || (valueType.isFloatingPoint && !fragments.isEmpty && fragments.allSatisfy { $0.manifest.statistics["value"]?.integral == true })
        if wholeValues {
            let integer = valueType.isInteger
            var low: Int64 = 0, high: Int64 = 0
            for fragment in fragments {
                guard let statistics = fragment.manifest.statistics["value"],
                      let min = statistics.min.flatMap({ Self.whole($0, integer: integer) }),
                      let max = statistics.max.flatMap({ Self.whole($0, integer: integer) }) else {
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

    /// A bound as written in the statistics, as an integer: digits for integer columns; for floats, a whole
    /// number within ±2^53 (where every integer is a double).
    private static func whole(_ text: String, integer: Bool) -> Int64? {
        if integer { return Int64(text) }
        guard let value = Double(text), value.isIntegral, value.magnitude <= 0x1p53 else { return nil }
        return Int64(value)
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
