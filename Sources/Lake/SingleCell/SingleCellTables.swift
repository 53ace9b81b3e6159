import Columnar

/// The single-cell tables (DESIGN §4) and the columns each derives from its dataset's record.
enum SingleCellTables {
    static let cells = "cells"
    static let variables = "var"
    static let genes = "genes"
    static let expression = "expression"
    /// Tables with columns computed from dataset records (layers are `layer_<name>`, stored like X).
    static func isDerived(_ table: String) -> Bool { [cells, variables, expression].contains(table) || table.hasPrefix("layer_") }

    /// The table of a layer: `layer_` and the name with characters a table name cannot hold replaced.
    static func layerTable(_ name: String) -> String {
        "layer_" + String(name.unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") ? Character($0) : "_" })
    }

    static let cellKey = [Field("cell_id", .int64, nullable: false), Field("dataset", .string, nullable: false)]
    static let varKey = [Field("dataset", .string, nullable: false), Field("gene_id", .int64, nullable: false)]
    static let genesSchema = Schema([Field("gene_id", .int64, nullable: false), Field("feature_id", .string, nullable: false),
                                     Field("symbol", .string, nullable: false)])
    /// What expression fragments store: dataset-local row and panel position, and the value.
    static func expressionStorage(_ valueType: DataType) -> Schema {
        Schema([Field("row", .uint32, nullable: false), Field("col", .uint32, nullable: false), Field("value", valueType, nullable: false)])
    }
    /// A gene index chunk's columns: an entry's panel position follows from the index's offsets.
    static func geneIndexChunk(_ valueType: DataType) -> Schema {
        Schema([Field("row", .uint32, nullable: false), Field("value", valueType, nullable: false)])
    }
    static func expressionSchema(_ valueType: DataType) -> Schema {
        Schema([Field("cell_id", .int64, nullable: false), Field("gene_id", .int64, nullable: false), Field("value", valueType, nullable: false)])
    }

    /// How `table` computes its id columns from a fragment's dataset record; nil for plain tables.
    static func derivation(for table: String, records: [String: DatasetRecord]) -> ColumnDerivation? {
        func record(_ fragment: Fragment) throws -> DatasetRecord {
            guard let name = fragment.manifest.dataset, let record = records[name] else {
                throw LakeError.corruptManifest(path: "fragment \(fragment.table)/\(fragment.name)", detail: "names no imported dataset")
            }
            return record
        }
        func sequence(_ start: Int, _ count: Int) -> Column {
            Column(type: .int64, buffer: .int64((0..<count).map { Int64(start + $0) }))
        }
        func constant(_ text: String, _ count: Int) -> Column {
            Column(type: .string, buffer: .bytes(VarBinary(repeating: Array(text.utf8), count: count)))
        }
        switch table {
        case cells:
            return ColumnDerivation(inputs: { ["cell_id": [], "dataset": []][$0] }) { name, fragment, rows, _ in
                let r = try record(fragment)
                if name == "dataset" { return constant(r.name, rows.count) }
                return sequence(r.cellOffset + (fragment.manifest.datasetRow ?? 0) + rows.lowerBound, rows.count)
            }
        case variables:
            return ColumnDerivation(inputs: { ["gene_id": [], "dataset": []][$0] }) { name, fragment, rows, _ in
                let r = try record(fragment)
                if name == "dataset" { return constant(r.name, rows.count) }
                let first = (fragment.manifest.datasetRow ?? 0) + rows.lowerBound
                guard first + rows.count <= r.panel.count else {
                    throw LakeError.corruptManifest(path: "fragment \(fragment.table)/\(fragment.name)", detail: "rows beyond the dataset's panel")
                }
                return Column(type: .int64, buffer: .int64(r.panel[first..<(first + rows.count)].map(Int64.init)))
            }
        case _ where table == expression || table.hasPrefix("layer_"):
            return ColumnDerivation(inputs: { ["cell_id": ["row"], "gene_id": ["col"]][$0] }) { name, fragment, rows, inputs in
                let r = try record(fragment)
                guard case .uint32(let local) = inputs[0].buffer else {
                    throw LakeError.corruptManifest(path: "fragment \(fragment.table)/\(fragment.name)", detail: "row/col are not uint32")
                }
                if name == "cell_id" { return Column(type: .int64, buffer: .int64(local.map { Int64(r.cellOffset) + Int64($0) })) }
                return Column(type: .int64, buffer: .int64(try local.map { position in
                    guard Int(position) < r.panel.count else {
                        throw LakeError.corruptManifest(path: "fragment \(fragment.table)/\(fragment.name)", detail: "panel position \(position) beyond the panel")
                    }
                    return Int64(r.panel[Int(position)])
                }))
            }
        default:
            return nil
        }
    }

    /// `existing` grown by `incoming`'s columns: new ones are appended (nullable), shared ones take the
    /// promoted type. `fixed` columns lead every schema.
    static func union(_ existing: Schema?, fixed: [Field], incoming: [Field], table: String, source: String) throws -> Schema {
        var fields = existing?.fields ?? fixed
        for field in incoming {
            if let i = fields.firstIndex(where: { $0.name == field.name }) {
                guard let type = fields[i].type.promoted(with: field.type) else {
                    throw LakeError.schemaMismatch(table: table, source: source,
                                                   detail: "column '\(field.name)' is \(field.type), the table has \(fields[i].type)")
                }
                fields[i].type = type
            } else {
                fields.append(Field(field.name, field.type, nullable: true))
            }
        }
        return Schema(fields)
    }
}
