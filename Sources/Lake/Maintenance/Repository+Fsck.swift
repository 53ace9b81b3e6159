import Foundation
import History
import Parquet
import Storage

/// What `fsck` checked, and every problem it found.
public struct IntegrityReport: Sendable {
    public var problems: [IntegrityProblem] = []
    public var references = 0
    public var commits = 0
    public var objects = 0
    public var objectBytes = 0
    public var fragments = 0
    /// Objects the manifests name that a lazy clone has not fetched (read from its remote when needed).
    public var notFetched = 0

    public var isClean: Bool { problems.isEmpty }
}

extension Repository {
    /// Checks the whole repository: every data object re-hashed; every ref and reflog entry resolves to a
    /// commit; every manifest of every reachable commit decodes; every object a manifest names exists with
    /// the recorded size; Parquet footers parse at the recorded range with the recorded row count;
    /// deletion vectors decode; fragments name dataset records their commit holds.
    public func checkIntegrity() throws -> IntegrityReport {
        var report = IntegrityReport()
        let history = try ReachableHistory(git)
        report.problems += history.problems
        report.references = try git.listReferences(prefix: "refs/").count + 1
        report.commits = history.commits.count

        // Manifests: each distinct blob decoded once; each commit's dataset names checked.
        var referenced: [ObjectReference] = []
        var seenTrees = Set<ObjectID>(), seenBlobs = Set<ObjectID>()
        var fragmentDatasets: [ObjectID: String] = [:]  // fragment blob → the dataset it names
        var reportedMissingRecords = Set<String>()
        for commit in history.commits {
            let at = commit.id.abbreviated()
            do {
                try git.forEachNewBlob(in: commit.tree, seenTrees: &seenTrees, seenBlobs: &seenBlobs) { path, blob in
                    let location = "\(at):\(path)"
                    let data = try git.readBlob(blob)
                    do {
                        try checkManifest(path: path, data: data, location: location, blob: blob,
                                          references: &referenced, fragmentDatasets: &fragmentDatasets, report: &report)
                    } catch let error as LakeError {
                        report.problems.append(IntegrityProblem(.badManifest, path, at: at, "\(error)"))
                    }
                }
                try checkDatasetRecords(commit: commit.id, fragmentDatasets: fragmentDatasets,
                                        reported: &reportedMissingRecords, report: &report)
            } catch let error as HistoryError {
                report.problems.append(IntegrityProblem(.missingHistory, commit.id.hex, at: commit.from, "tree cannot be read: \(error)"))
            }
        }

        // Data objects: every file re-hashed (streamed, on every core).
        let (files, _) = try localStore.files(under: "objects/")
        report.objects = files.count
        report.objectBytes = files.reduce(0) { $0 + $1.bytes }
        let hashed = ConcurrentSlots<IntegrityProblem?>(count: files.count)
        let root = localStore.root
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            let file = files[i]
            let parts = file.key.split(separator: "/")
            guard parts.count == 3, let name = ObjectHash(hex: String(parts[1] + parts[2])) else {
                hashed.set(i, .success(IntegrityProblem(.corruptObject, file.key, at: "objects/", "not named by a SHA-256")))
                return
            }
            hashed.set(i, Result {
                let actual = try ObjectHash.ofFile(root + "/" + file.key)
                return actual == name ? nil : IntegrityProblem(.corruptObject, name.hex, at: "objects/", "content hashes to \(actual.hex)")
            })
        }
        for i in files.indices {
            if let problem = try hashed.get(i) { report.problems.append(problem) }
        }

        // Referenced objects: present, of the recorded size and shape.
        var checked = Set<String>()
        for reference in referenced {
            guard checked.insert("\(reference.hash.hex) \(reference.expectation)").inserted else { continue }
            try checkObject(reference, report: &report)
        }
        return report
    }

    private func checkManifest(path: String, data: Data, location: String, blob: ObjectID, references: inout [ObjectReference],
                               fragmentDatasets: inout [ObjectID: String], report: inout IntegrityReport) throws {
        let components = path.split(separator: "/")
        if path == ManifestPaths.dataset {
            _ = try ManifestCoding.decode(DatasetManifest.self, from: data, path: location)
        } else if components.count == 3, components[0] == "tables", components[2] == "schema.json" {
            _ = try ManifestCoding.decode(TableSchema.self, from: data, path: location)
        }
        let named = try ObjectReference.named(byManifest: path, data, location: location)
        references += named.objects
        if named.isFragment { report.fragments += 1 }
        if let dataset = named.fragmentDataset { fragmentDatasets[blob] = dataset }
    }

    /// Every dataset a fragment of `commit` names has its record in `commit`.
    private func checkDatasetRecords(commit: ObjectID, fragmentDatasets: [ObjectID: String], reported: inout Set<String>,
                                     report: inout IntegrityReport) throws {
        guard try git.entry(at: "tables", in: commit) != nil else { return }
        let records = try git.entry(at: ManifestPaths.datasetsDirectory, in: commit) == nil ? Set<String>()
            : Set(try git.entries(at: ManifestPaths.datasetsDirectory, in: commit).map { String($0.name.dropLast(".json".count)) })
        for table in try git.entries(at: "tables", in: commit) where table.kind == .tree {
            let directory = ManifestPaths.fragmentDirectory(table.name)
            guard try git.entry(at: directory, in: commit) != nil else { continue }
            for fragment in try git.entries(at: directory, in: commit) {
                guard let dataset = fragmentDatasets[fragment.id], !records.contains(dataset) else { continue }
                let key = "\(dataset) \(fragment.id.hex)"
                guard reported.insert(key).inserted else { continue }
                report.problems.append(IntegrityProblem(.missingDatasetRecord, dataset, at: "\(commit.abbreviated()):\(directory)/\(fragment.name)",
                                                        "no \(ManifestPaths.datasetRecord(dataset)) in that commit"))
            }
        }
    }

    private func checkObject(_ reference: ObjectReference, report: inout IntegrityReport) throws {
        let hash = reference.hash
        guard let size = try localStore.size(of: hash.key) else {
            // A lazy clone reads such objects from its remote when needed: not corruption.
            if remoteObjects != nil { report.notFetched += 1 }
            else { report.problems.append(IntegrityProblem(.missingObject, hash.hex, at: reference.location, "not in objects/")) }
            return
        }
        guard size == reference.bytes else {
            report.problems.append(IntegrityProblem(.sizeMismatch, hash.hex, at: reference.location, "\(size) bytes, the manifest says \(reference.bytes)"))
            return
        }
        switch reference.expectation {
        case .opaque:
            return
        case .deletionVector(let rows):
            do { _ = try DeletionVector(decoding: try localStore.get(hash.key), rows: rows) } catch {
                report.problems.append(IntegrityProblem(.badDeletionVector, hash.hex, at: reference.location, "\(error)"))
            }
        case .parquet(let footer, let rows):
            do {
                let object = FragmentObject(hash: hash, bytes: size, columns: [], footer: footer, columnIndex: nil, offsetIndex: nil)
                let reader = try ParquetFileReader(source: try ObjectByteSource(repository: self, object: object), footer: footer.range)
                if reader.rowCount != rows {
                    report.problems.append(IntegrityProblem(.badParquet, hash.hex, at: reference.location, "\(reader.rowCount) rows, the manifest says \(rows)"))
                }
            } catch {
                report.problems.append(IntegrityProblem(.badParquet, hash.hex, at: reference.location, "footer does not parse at \(footer.offset)+\(footer.length): \(error)"))
            }
        }
    }
}
