import Columnar
import Foundation
import Lake

/// `cairn export mtx`: datasets as a Cell Ranger v3 matrix directory (features.tsv.gz, barcodes.tsv.gz,
/// matrix.mtx.gz — features × cells, entries in cell order), readable by scanpy.read_10x_mtx and Seurat.
public enum MtxExport {
    public struct Summary: Sendable {
        public var cells: Int
        public var genes: Int
        public var nonZeros: Int
    }

    public static func write(_ snapshot: Snapshot, datasets names: [String], genes mode: GeneSpaceMode?, to directory: String) throws -> Summary {
        let all = try snapshot.datasets()
        guard !all.isEmpty else { throw SourceError("no imported datasets at \(snapshot.revision)") }
        let records = try names.isEmpty ? all : names.map { try snapshot.dataset(named: $0) }
        let space = ExportGeneSpace(records: records, mode: mode)
        return try PartialFiles.mtxDirectory(directory) { featuresPath, barcodesPath, matrixPath in
            // Features: id, name, type (and genome when the source had one).
            let features = try GzipTextWriter(path: featuresPath)
            if space.geneIDs == nil {
                let record = records[0]
                var rows: [RecordBatch] = []
                try snapshot.scanStored("var", dataset: record.name, fields: [Field("var_name", .string)] + record.varColumns) { rows.append($0) }
                let table = RecordBatch.concatenate(rows, schema: rows.first?.schema ?? Schema([Field("var_name", .string)] + record.varColumns))
                let ids = table.column(named: "gene_ids") ?? table.columns[0]
                let types = table.column(named: "feature_types")
                let genome = table.column(named: "genome")
                for i in 0..<table.rowCount {
                    var line = "\(ids.value(at: i))\t\(table.columns[0].value(at: i))\t\(types.map { $0.value(at: i).description } ?? "Gene Expression")"
                    if let genome { line += "\t\(genome.value(at: i))" }
                    try features.write(line + "\n")
                }
            } else {
                let (keys, symbols) = try snapshot.genes(space.geneIDs!)
                for (key, symbol) in zip(keys, symbols) { try features.write("\(key)\t\(symbol)\tGene Expression\n") }
            }
            try features.close()

            let barcodes = try GzipTextWriter(path: barcodesPath)
            for record in records {
                try snapshot.scanStored("cells", dataset: record.name, fields: [Field("obs_name", .string)]) { batch in
                    for i in 0..<batch.rowCount { try barcodes.write("\(batch.columns[0].value(at: i))\n") }
                }
            }
            try barcodes.close()

            let valueType = try ExportGeneSpace.valueType(records)
            let nonZeros = try space.nonZeros(snapshot, records)
            let cellCount = try records.reduce(0) { $0 + (try snapshot.liveCells(of: $1)) }
            let matrix = try GzipTextWriter(path: matrixPath)
            try matrix.write("%%MatrixMarket matrix coordinate \(valueType.isInteger ? "integer" : "real") general\n")
            try matrix.write("\(space.count) \(cellCount) \(nonZeros)\n")
            try space.forEachEntryBatch(snapshot, records, valueType: valueType) { batch in
                var text = ""
                text.reserveCapacity(batch.count * 16)
                for i in 0..<batch.count {
                    text += "\(batch.columns[i] + 1) \(batch.row(i) + 1) \(batch.values.value(at: i))\n"
                }
                try matrix.write(text)
            }
            try matrix.close()
            return Summary(cells: cellCount, genes: space.count, nonZeros: nonZeros)
        }
    }
}
