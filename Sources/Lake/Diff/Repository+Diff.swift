import History

extension Repository {
    /// What changed from `oldRevision` to `newRevision` (default HEAD), optionally in one table only.
    ///
    /// The tree diff of the two commits names the changed manifests (dataset records, schemas, fragment
    /// blobs); unchanged fragments are never looked at, and changed ones are read only as far as
    /// `FragmentDiffer` needs. Two revisions naming the same commit give an empty diff.
    public func diff(from oldRevision: String, to newRevision: String?, table: String? = nil) throws -> SnapshotDiff {
        let before = try snapshot(at: oldRevision)
        let after = try snapshot(at: newRevision)
        if let table, before.manifest.tables[table] == nil, after.manifest.tables[table] == nil {
            throw LakeError.unknownTable(table, revision: "\(before.revision) or \(after.revision)")
        }
        var result = SnapshotDiff(old: before.commit, new: after.commit)
        guard before.commit != after.commit else { return result }

        var schemaChanged = Set<String>()
        var oldFragments: [String: [Fragment]] = [:], newFragments: [String: [Fragment]] = [:]
        for change in try git.diffTrees(old: before.commit, new: after.commit) {
            let parts = change.path.split(separator: "/").map(String.init)
            if parts.count == 2, parts[0] == ManifestPaths.datasetsDirectory, parts[1].hasSuffix(".json") {
                let name = String(parts[1].dropLast(5))
                if change.kind == .added { result.datasetsAdded.append(name) }
                if change.kind == .deleted { result.datasetsRemoved.append(name) }
                continue
            }
            if parts.count == 5, parts[0] == "indexes", parts[1] == "genes", parts[4] == "index.json", table == nil || parts[2] == table {
                func entries(_ blob: ObjectID?) throws -> Int? {
                    try blob.map { try ManifestCoding.decode(GeneIndexManifest.self, from: try git.readBlob($0), path: change.path).entries }
                }
                result.geneIndexes.append(GeneIndexDelta(table: parts[2], dataset: parts[3],
                                                         status: change.oldBlob == nil ? .added : change.newBlob == nil ? .removed : .rebuilt,
                                                         oldEntries: try entries(change.oldBlob), newEntries: try entries(change.newBlob)))
                continue
            }
            guard parts.count >= 3, parts[0] == "tables", table == nil || parts[1] == table else { continue }
            if parts.count == 3, parts[2] == "schema.json" { schemaChanged.insert(parts[1]) }
            guard parts.count == 4, parts[2] == "fragments", parts[3].hasSuffix(".json") else { continue }
            let name = String(parts[3].dropLast(5))
            if let blob = change.oldBlob { oldFragments[parts[1], default: []].append(try fragment(blob, parts[1], name, change.path)) }
            if let blob = change.newBlob { newFragments[parts[1], default: []].append(try fragment(blob, parts[1], name, change.path)) }
        }

        let names = Set(before.manifest.tables.keys).union(after.manifest.tables.keys).filter { table == nil || $0 == table }
        for name in names.sorted() {
            let old = try DiffSide(snapshot: before, table: name), new = try DiffSide(snapshot: after, table: name)
            var entry = TableDiff(table: name, status: old == nil ? .added : (new == nil ? .removed : .modified))
            if schemaChanged.contains(name) || old == nil || new == nil {
                entry.schema = SchemaDiff(old: old?.schema, new: new?.schema)
            }
            let differ = FragmentDiffer(table: name, old: old, new: new,
                                        oldFragments: oldFragments[name] ?? [], newFragments: newFragments[name] ?? [])
            try differ.diff(into: &entry)
            if !entry.isEmpty { result.tables.append(entry) }
        }
        result.datasetsAdded.sort()
        result.datasetsRemoved.sort()
        result.datasets = datasetDeltas(result)
        return result
    }

    private func fragment(_ blob: ObjectID, _ table: String, _ name: String, _ path: String) throws -> Fragment {
        let manifest = try ManifestCoding.decode(FragmentManifest.self, from: git.readBlob(blob), path: path)
        guard manifest.formatVersion <= FragmentManifest.formatVersion else {
            throw LakeError.unsupportedFormat("\(path): fragment format \(manifest.formatVersion) is newer than this cairn")
        }
        return Fragment(table: table, name: name, manifest: manifest)
    }

    /// Cells (the `cells` table), genes (`var`) and non-zeros (`expression`) added and removed per dataset.
    private func datasetDeltas(_ diff: SnapshotDiff) -> [DatasetDelta] {
        var deltas: [String: DatasetDelta] = [:]
        func delta(_ name: String) -> DatasetDelta {
            deltas[name] ?? DatasetDelta(name: name, status: diff.datasetsAdded.contains(name) ? .added
                                         : (diff.datasetsRemoved.contains(name) ? .removed : .modified))
        }
        for name in diff.datasetsAdded + diff.datasetsRemoved { deltas[name] = delta(name) }
        for table in diff.tables {
            for (name, counts) in table.datasets {
                var entry = delta(name)
                switch table.table {
                case SingleCellTables.cells: (entry.cellsAdded, entry.cellsRemoved) = (counts.added, counts.removed)
                case SingleCellTables.variables: (entry.genesAdded, entry.genesRemoved) = (counts.added, counts.removed)
                case SingleCellTables.expression: (entry.nonZerosAdded, entry.nonZerosRemoved) = (counts.added, counts.removed)
                default: continue
                }
                deltas[name] = entry
            }
        }
        return deltas.values.sorted { $0.name < $1.name }
    }
}
