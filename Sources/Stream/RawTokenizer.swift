import Columnar
import Interchange

/// Raw batches: each cell's gene ids and values as two lists, in the narrowest types that hold every gene
/// id of the registry and every value of the matrix exactly (decided once, so every batch has one schema).
public struct RawTokenizer: CellTokenizer {
    public let geneType: DataType
    public let valueType: DataType

    /// `geneCount`: gene ids are below it. `valueType`: a type that holds every value exactly.
    public init(geneCount: Int, valueType: DataType) {
        geneType = geneCount <= Int(UInt16.max) + 1 ? .uint16 : .uint32
        self.valueType = valueType
    }

    public var fields: [ArrowField] {
        [ArrowField("genes", .list(ArrowField("item", Self.arrowType(geneType)))),
         ArrowField("values", .list(ArrowField("item", Self.arrowType(valueType))))]
    }

    public func tokenize(_ batch: CellBatch, context: TokenizationContext) throws -> [ArrowArray] {
        let offsets = batch.offsets.map { Int32(truncatingIfNeeded: $0 - batch.offsets[0]) }
        let span = batch.offsets[0]..<batch.offsets[batch.count]
        let genes: ArrowBuffer = geneType == .uint16
            ? ArrowBuffer(batch.genes[span].map { UInt16(truncatingIfNeeded: $0) })
            : ArrowBuffer(batch.genes[span].map { UInt32(truncatingIfNeeded: $0) })
        return [
            .list(offsets: offsets, element: .fixed(count: span.count, validity: nil, values: genes), validity: nil),
            .list(offsets: offsets, element: .fixed(count: span.count, validity: nil, values: Self.values(batch.values[span], as: valueType)), validity: nil),
        ]
    }

    static func values(_ values: ArraySlice<Double>, as type: DataType) -> ArrowBuffer {
        switch type {
        case .int8: return ArrowBuffer(values.map { Int8($0) })
        case .int16: return ArrowBuffer(values.map { Int16($0) })
        case .int32: return ArrowBuffer(values.map { Int32($0) })
        case .int64: return ArrowBuffer(values.map { Int64($0) })
        case .uint8: return ArrowBuffer(values.map { UInt8($0) })
        case .uint16: return ArrowBuffer(values.map { UInt16($0) })
        case .uint32: return ArrowBuffer(values.map { UInt32($0) })
        case .uint64: return ArrowBuffer(values.map { UInt64($0) })
        case .float32: return ArrowBuffer(values.map { Float($0) })
        default: return ArrowBuffer(Array(values))
        }
    }

    static func arrowType(_ type: DataType) -> ArrowType {
        switch type {
        case .int8: return .int(bits: 8, signed: true)
        case .int16: return .int(bits: 16, signed: true)
        case .int32: return .int(bits: 32, signed: true)
        case .int64: return .int(bits: 64, signed: true)
        case .uint8: return .int(bits: 8, signed: false)
        case .uint16: return .int(bits: 16, signed: false)
        case .uint32: return .int(bits: 32, signed: false)
        case .uint64: return .int(bits: 64, signed: false)
        case .float32: return .float32
        default: return .float64
        }
    }
}
