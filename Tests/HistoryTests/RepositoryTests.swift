import Foundation
import Testing
@testable import History

@Suite struct RepositoryTests {
    @Test func createsBareRepositoryWithUnbornMain() throws {
        let test = try TestRepository()
        let head = try test.repository.head
        #expect(head.symbolicTarget == "refs/heads/main")
        #expect(head.branchName == "main")
        #expect(head.isUnborn)
        #expect(try test.git("rev-parse", "--is-bare-repository").contains("true"))
        #expect(try test.git("config", "core.logAllRefUpdates").contains("always"))
    }

    @Test func refusesToCreateOverAnExistingRepository() throws {
        let test = try TestRepository()
        #expect(throws: HistoryError.repositoryExists(path: test.gitDirectory)) {
            try GitRepository.create(at: test.gitDirectory)
        }
    }

    @Test func opensExistingAndRejectsMissingOrForeignDirectories() throws {
        let test = try TestRepository()
        let reopened = try GitRepository.open(at: test.gitDirectory)
        #expect(try reopened.head.symbolicTarget == "refs/heads/main")

        let missing = test.directory.appendingPathComponent("nothing").path
        #expect(throws: HistoryError.notARepository(path: missing)) { try GitRepository.open(at: missing) }

        let plain = test.directory.appendingPathComponent("plain")
        try FileManager.default.createDirectory(at: plain, withIntermediateDirectories: true)
        #expect(throws: HistoryError.notARepository(path: plain.path)) { try GitRepository.open(at: plain.path) }
        let message = HistoryError.notARepository(path: plain.path).description
        #expect(message == "'\(plain.path)' is not a git repository")
    }

    @Test func writesAndReadsBlobs() throws {
        let test = try TestRepository()
        let data = Data("{\"rows\": 3}".utf8)
        let id = try test.repository.writeBlob(data)
        #expect(try test.repository.readBlob(id) == data)
        #expect(try test.repository.writeBlob(data) == id)
        #expect(test.repository.contains(id))
        #expect(try test.repository.objectKind(of: id) == .blob)
        #expect(try test.git("cat-file", "-p", id.hex) == "{\"rows\": 3}")
        // git hashes a blob the same way.
        #expect(try test.repository.writeBlob(Data()) == ObjectID(hex: "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"))
        #expect(try test.repository.readBlob(ObjectID(hex: "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")!) == Data())
    }

    @Test func reportsMissingObjectsAndWrongKinds() throws {
        let test = try TestRepository()
        let absent = try #require(ObjectID(hex: String(repeating: "ab", count: 20)))
        #expect(!test.repository.contains(absent))
        #expect(try test.repository.objectKind(of: absent) == nil)
        do {
            _ = try test.repository.readBlob(absent)
            Issue.record("reading a missing blob succeeded")
        } catch let error as HistoryError {
            #expect(error.description.contains(absent.hex))
            #expect(!error.description.contains("\n"))
        }
        let tree = try test.repository.editTree(from: nil).write()
        #expect(throws: HistoryError.wrongObjectKind(id: tree, expected: "blob", actual: "tree")) {
            try test.repository.readBlob(tree)
        }
    }

    @Test func isSafeToShareBetweenTasks() async throws {
        let test = try TestRepository()
        let repository = test.repository
        let ids = try await withThrowingTaskGroup(of: ObjectID.self) { group in
            for index in 0..<32 {
                group.addTask { try repository.writeBlob(Data("blob \(index)".utf8)) }
            }
            return try await group.reduce(into: Set<ObjectID>()) { $0.insert($1) }
        }
        #expect(ids.count == 32)
    }
}
