import Foundation
import Testing
@testable import History

/// A fresh bare repository in its own temporary directory, removed when the value goes away.
final class TestRepository {
    let directory: URL
    let repository: GitRepository
    private var clock: TimeInterval = 1_767_225_600  // 2026-01-01T00:00:00Z

    var gitDirectory: String { repository.path }

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cairn-history-\(UUID().uuidString)", isDirectory: true)
        repository = try GitRepository.create(at: directory.appendingPathComponent("git").path)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The same repository opened again, reading everything through libgit2 (`readsLooseFiles` off): the
    /// reference the reads without it are checked against.
    func throughLibgit2() throws -> GitRepository {
        let repository = try GitRepository.open(at: gitDirectory)
        repository.readsLooseFiles = false
        return repository
    }

    /// A signature one minute later than the last, so commit times are distinct and ordered.
    func nextSignature(name: String = "Ada Lovelace", email: String = "ada@example.org") -> Signature {
        clock += 60
        return Signature(name: name, email: email, date: Date(timeIntervalSince1970: clock), timeZoneOffsetMinutes: 60)
    }

    /// Writes `files` (path → text) over `parent`'s tree, removes `removing`, and commits.
    /// Does not move any ref.
    @discardableResult
    func commit(_ files: [String: String], removing: [String] = [], parents: [ObjectID] = [],
                message: String = "change") throws -> ObjectID {
        var editor = repository.editTree(from: parents.first)
        for (path, text) in files { try editor.upsert(path, data: Data(text.utf8)) }
        for path in removing { try editor.remove(path) }
        let tree = try editor.write()
        let signature = nextSignature()
        return try repository.createCommit(tree: tree, parents: parents, author: signature, committer: signature,
                                           message: message)
    }

    /// Commits on branch `branch` (full name) and moves it by compare-and-swap.
    @discardableResult
    func commitOnBranch(_ files: [String: String], removing: [String] = [], message: String = "change",
                        branch: String = "refs/heads/main") throws -> ObjectID {
        let parent = try repository.resolveReference(branch)
        let id = try commit(files, removing: removing, parents: parent.map { [$0] } ?? [], message: message)
        try repository.updateReference(name: branch, to: id, expected: parent, reflogMessage: "commit: \(message)")
        return id
    }

    /// Runs the git command-line tool on this repository; returns stdout, failing the test on a non-zero exit.
    @discardableResult
    func git(_ arguments: String...) throws -> String {
        try gitOutput(arguments).standardOutput
    }

    /// Runs the git command-line tool; returns stdout and stderr, failing the test on a non-zero exit.
    func gitOutput(_ arguments: [String]) throws -> (standardOutput: String, standardError: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "--git-dir", gitDirectory] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: outputData, as: UTF8.self)
        let errorText = String(decoding: errorData, as: UTF8.self)
        #expect(process.terminationStatus == 0, "git \(arguments.joined(separator: " ")) failed: \(errorText)")
        return (text, errorText)
    }
}

extension Data {
    var text: String { String(decoding: self, as: UTF8.self) }
}
