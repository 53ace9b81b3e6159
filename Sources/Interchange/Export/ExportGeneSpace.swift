import Columnar
import Lake

/// The genes an export writes: one dataset's own panel, or the union or intersection of several
/// datasets' genes (by registry id), with each dataset's panel position → output column.
/// How several datasets' genes combine in an export.
public enum GeneSpaceMode: String, CaseIterable, Sendable { case union, intersection }

struct ExportGeneSpace {
    /// For each record, panel position → output gene index (nil: not exported).
    var mapping: [[Int32?]]
    var count: Int
    /// Registry ids of the output genes, in order (nil when one dataset's panel is kept as is).
    var geneIDs: [Int]?

    init(records: [DatasetRecord], mode: GeneSpaceMode?) {
        if records.count == 1 && mode == nil {
            mapping = [(0..<records[0].genes).map { Int32($0) }]
            count = records[0].genes
            geneIDs = nil
            return
        }
        // One dataset whose panel ascends (as import registers it): its own positions, in its own order,
        // without hashing 20,000 ids.
        if records.count == 1, case let panel = records[0].panel, zip(panel, panel.dropFirst()).allSatisfy({ $0 < $1 }) {
            mapping = [(0..<panel.count).map { Int32($0) }]
            count = panel.count
            geneIDs = panel
            return
        }
        var ids = Set(records[0].panel)
        for record in records.dropFirst() {
            ids = (mode ?? .union) == .union ? ids.union(record.panel) : ids.intersection(record.panel)
        }
        let ordered = ids.sorted()
        let position = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($1, Int32($0)) })
        mapping = records.map { $0.panel.map { position[$0] } }
        count = ordered.count
        geneIDs = ordered
    }

    /// Exactly `geneIDs`, in that order, for every record (genes a record lacks are empty columns).
    init(records: [DatasetRecord], geneIDs: [Int]) {
        let position = Dictionary(uniqueKeysWithValues: geneIDs.enumerated().map { ($1, Int32($0)) })
        mapping = records.map { $0.panel.map { position[$0] } }
        count = geneIDs.count
        self.geneIDs = geneIDs
    }

    /// The constant `k` with gene id = panel position + `k` for every position of a dataset whose panel
    /// maps through `map` (every gene kept); nil when there is none.
    func geneIDShift(dataset map: [Int32?]) -> Int64? {
        guard let geneIDs, let column = map.first ?? nil, geneIDs.indices.contains(Int(column)) else { return nil }
        let first = geneIDs[Int(column)]
        for (position, column) in map.enumerated() {
            guard let column, geneIDs.indices.contains(Int(column)), geneIDs[Int(column)] == first + position else { return nil }
        }
        return Int64(first)
    }

    /// Entries of X (or of `layer`) that survive the mapping.
    func nonZeros(_ snapshot: Snapshot, _ records: [DatasetRecord], layer: String? = nil) throws -> Int {
        var total = 0
        for (record, map) in zip(records, mapping) {
            if map.allSatisfy({ $0 != nil }) {
                if let layer {
                    guard let table = record.layers?.first(where: { $0.name == layer })?.table else { continue }
                    total += try snapshot.liveNonZeros(of: record, table: table)
                } else {
                    total += try snapshot.liveNonZeros(of: record)
                }
                continue
            }
            try snapshot.scanExpression(of: record, layer: layer) { batch in
                guard case .uint32(let cols) = batch.columns[1].buffer else { return }
                total += cols.reduce(0) { $0 + (map[Int($1)] == nil ? 0 : 1) }
            }
        }
        return total
    }

    /// X's entries in dataset and row order, remapped: `body` per stored batch. Fragments are decoded,
    /// checked and their rows counted one batch ahead on another thread, so `body` only writes.
    func forEachEntryBatch(_ snapshot: Snapshot, _ records: [DatasetRecord], layer: String? = nil, valueType: DataType,
                           _ body: (EntryBatch) throws -> Void) throws {
        var firstRow = 0
        for (record, map) in zip(records, mapping) {
            let identity = map.count == record.genes && map.enumerated().allSatisfy { $0.element == Int32($0.offset) }
            let outside = SourceError("dataset \(record.name): an entry lies outside its \(record.cells) × \(record.genes) matrix")
            let datasetFirstRow = firstRow
            // Deleted cells leave no row: the rows after them move up (their entries are gone already).
            let deleted = try snapshot.deletedCells(of: record)
            let outputRow = deleted.isEmpty ? nil : deleted.compactedPositions(count: record.cells)
            let liveCells = record.cells - deleted.count
            func entries(_ batch: RecordBatch) throws -> EntryBatch {
                guard case .uint32(var rows) = batch.columns[0].buffer, case .uint32(let cols) = batch.columns[1].buffer,
                      let values = batch.columns[2].widened(to: valueType) else {
                    throw SourceError("dataset \(record.name): expression fragments do not match its record")
                }
                if let outputRow {
                    for i in rows.indices {
                        guard Int(rows[i]) < outputRow.count, outputRow[Int(rows[i])] >= 0 else { throw outside }
                        rows[i] = UInt32(outputRow[Int(rows[i])])
                    }
                }
                guard cols.isEmpty || Int(cols.maximum) < map.count else { throw outside }
                do {
                    if identity {
                        // One dataset's own panel: positions are output columns as they are.
                        return try EntryBatch(firstRow: datasetFirstRow, rows: rows, columns: cols, values: values, rowLimit: liveCells)
                    }
                    var keep = [Bool](repeating: true, count: rows.count)
                    var kept = [UInt32](), columns = [UInt32]()
                    kept.reserveCapacity(rows.count)
                    columns.reserveCapacity(rows.count)
                    for i in 0..<rows.count {
                        if let column = map[Int(cols[i])] {
                            kept.append(rows[i])
                            columns.append(UInt32(column))
                        } else {
                            keep[i] = false
                        }
                    }
                    return try EntryBatch(firstRow: datasetFirstRow, rows: kept, columns: columns,
                                          values: kept.count < rows.count ? values.filter(keep) : values, rowLimit: liveCells)
                } catch is EntryBatch.EntryOutsideMatrix {
                    throw outside
                }
            }
            // Entries are made on the decoding threads; this thread only hands them on, in order.
            try snapshot.scanExpression(of: record, layer: layer, transform: entries, body)
            firstRow += liveCells
        }
    }

    /// The common type of the datasets' X (or of their layer `layer`).
    static func valueType(_ records: [DatasetRecord], layer: String? = nil) throws -> DataType {
        let types = records.map { record in
            layer.map { name in record.layers?.first { $0.name == name }?.valueType ?? record.valueType } ?? record.valueType
        }
        return try types.dropFirst().reduce(types[0]) { type, other in
            guard let promoted = type.promoted(with: other) else {
                throw SourceError("datasets hold values of types \(type) and \(other), which do not combine")
            }
            return promoted
        }
    }

    /// Layers every one of `records` has, in the first one's order.
    static func sharedLayers(_ records: [DatasetRecord]) -> [String] {
        let first = records[0].layers?.map(\.name) ?? []
        return first.filter { name in records.allSatisfy { $0.layers?.contains { $0.name == name } ?? false } }
    }
}
