import Dispatch
import Foundation
import Testing
@testable import History

/// Blobs read without libgit2 give what libgit2 gives: loose ones straight from their files, from many
/// threads at once; packed, damaged, mismatched or non-blob objects through libgit2, with libgit2's own
/// answer or error.
@Suite struct LooseObjectTests {
    func objects(_ test: TestRepository) -> String { test.gitDirectory + "/objects" }

    func file(of id: ObjectID, in test: TestRepository) -> String {
        objects(test) + "/" + id.hex.prefix(2) + "/" + id.hex.dropFirst(2)
    }

    /// Overwrites a loose object's (read-only) file.
    func overwrite(_ path: String, with bytes: Data) throws {
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        try bytes.write(to: URL(fileURLWithPath: path))
    }

    @Test func looseBlobsReadAsLibgit2ReadsThem() throws {
        let test = try TestRepository()
        var rng = SystemRandomNumberGenerator()
        // Empty, short, incompressible, and so compressible that inflating outgrows its first buffer.
        let contents = [Data(), Data("{\"rows\": 3}".utf8), Data((0..<100_000).map { _ in UInt8.random(in: 0...255, using: &rng) }),
                        Data(repeating: 7, count: 3_000_000)] + (0..<60).map { Data("manifest \($0)".utf8) }
        let ids = try contents.map { try test.repository.writeBlob($0) }
        for (id, content) in zip(ids, contents) {
            #expect(LooseObject.blob(id, objectsDirectory: objects(test)) == content, "\(id)")
            #expect(try test.repository.readBlob(id) == test.throughLibgit2().readBlob(id))
        }
        let read = ConcurrentResults(count: ids.count), repository = test.repository
        DispatchQueue.concurrentPerform(iterations: ids.count) { i in read.set(i, try? repository.readBlob(ids[i])) }
        #expect(read.values == contents)
    }

    @Test func packedBlobsAreReadThroughLibgit2() throws {
        let source = try TestRepository()
        let commit = try source.commitOnBranch(["a.json": "{\"a\": 1}", "b.json": String(repeating: "b", count: 5000)])
        let pack = try #require(try source.repository.writePack(tips: [commit], excluding: [], into: source.directory.appendingPathComponent("p").path))
        let target = try TestRepository()
        try target.repository.indexPack(at: pack.packPath)
        for name in ["a.json", "b.json"] {
            let id = try #require(try source.repository.entry(at: name, in: commit)).id
            #expect(LooseObject.blob(id, objectsDirectory: objects(target)) == nil)
            #expect(try target.repository.readBlob(id) == source.throughLibgit2().readBlob(id))
        }
    }

    @Test func damagedMismatchedAndOtherObjectsAreLeftToLibgit2() throws {
        let test = try TestRepository()
        let first = try test.repository.writeBlob(Data(String(repeating: "first ", count: 200).utf8))
        let second = try test.repository.writeBlob(Data("second".utf8))
        let third = try test.repository.writeBlob(Data("third".utf8))
        let commit = try test.commitOnBranch(["x.json": "{}"])
        let libgit2 = try test.throughLibgit2()
        /// Both readers agree: the same content, or both refuse.
        func agree(_ id: ObjectID, _ note: String) {
            #expect(LooseObject.blob(id, objectsDirectory: objects(test)) == nil, "\(note)")
            switch (Result { try libgit2.readBlob(id) }, Result { try test.repository.readBlob(id) }) {
            case (.success(let a), .success(let b)): #expect(a == b, "\(note)")
            case (.failure(let a), .failure(let b)): #expect("\(a)" == "\(b)", "\(note)")
            default: Issue.record("\(note): one reader failed, the other did not")
            }
        }
        agree(commit, "a commit")
        var damaged = try Data(contentsOf: URL(fileURLWithPath: file(of: first, in: test)))
        damaged[damaged.count / 2] ^= 0xFF
        try overwrite(file(of: first, in: test), with: damaged)
        agree(first, "a damaged file")
        // Another blob's file under this id: it inflates, but hashes to the other id.
        try overwrite(file(of: second, in: test), with: try Data(contentsOf: URL(fileURLWithPath: file(of: third, in: test))))
        agree(second, "another blob's file")
        var trailing = try Data(contentsOf: URL(fileURLWithPath: file(of: third, in: test)))
        trailing.append(contentsOf: [1, 2, 3])
        try overwrite(file(of: third, in: test), with: trailing)
        agree(third, "bytes after the stream")
        agree(ObjectID(hex: String(repeating: "ab", count: 20))!, "a missing object")
    }
}

/// Results set from concurrent iterations, one slot each.
private final class ConcurrentResults: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Data?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: Data?) { lock.lock(); slots[i] = value; lock.unlock() }
    var values: [Data?] { lock.lock(); defer { lock.unlock() }; return slots }
}
