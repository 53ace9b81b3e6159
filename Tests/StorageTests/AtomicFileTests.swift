import Foundation
import Testing
@testable import Storage

/// A user's output file appears whole or not at all, whether written at once or piece by piece.
@Suite struct AtomicFileTests {
    struct Stop: Error {}

    @Test func piecesAppearOnlyOnceAllAreWritten() throws {
        let directory = temporaryDirectory()
        let path = directory + "/out.bin"
        try AtomicFile.write(to: path) { append in
            try append([1, 2, 3])
            #expect(!FileManager.default.fileExists(atPath: path))
            try append([])
            try append([4])
        }
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == [1, 2, 3, 4])
        // Replacing it: the old file stays until the new one is complete.
        try AtomicFile.write(to: path) { append in
            try append([9])
            #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == [1, 2, 3, 4])
        }
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: path))) == [9])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["out.bin"])
    }

    @Test func aFailedWriteLeavesNothingBehind() throws {
        let directory = temporaryDirectory()
        let path = directory + "/out.bin"
        #expect(throws: Stop.self) {
            try AtomicFile.write(to: path) { append in
                try append([1, 2, 3])
                throw Stop()
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
        #expect(throws: StorageError.self) {
            try AtomicFile.write(to: directory + "/missing/out.bin") { append in try append([1]) }
        }
    }

    /// Written through, as a shell's `>` does: the link stays a link.
    @Test func aLinkIsWrittenThroughAndStays() throws {
        let directory = temporaryDirectory()
        try AtomicFile.write([1], to: directory + "/data.bin")
        #expect(symlink("data.bin", directory + "/link.bin") == 0)
        try AtomicFile.write([2, 3], to: directory + "/link.bin")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory + "/link.bin") == "data.bin")
        #expect(try Array(Data(contentsOf: URL(fileURLWithPath: directory + "/data.bin"))) == [2, 3])
    }

    /// Renaming over a device or a pipe would replace the node (as root, `/dev/null` itself): such paths
    /// are written in place, and stay what they were.
    @Test func devicesAndPipesAreWrittenInPlace() throws {
        // /dev/null stays the node it was: the character device 1,3 on a sound machine (one where an
        // earlier cairn already replaced it by a regular file gets that file replaced, as any file is).
        var before = stat(), status = stat()
        #expect(lstat("/dev/null", &before) == 0)
        try AtomicFile.write(to: "/dev/null") { append in try append([1, 2, 3]) }
        #expect(lstat("/dev/null", &status) == 0 && status.st_mode == before.st_mode)
        if before.st_mode & S_IFMT != S_IFREG { #expect(status.st_ino == before.st_ino && status.st_rdev == before.st_rdev) }

        let pipe = temporaryDirectory() + "/pipe"
        #expect(mkfifo(pipe, 0o600) == 0)
        // A FIFO's open waits for its reader: the reader gets a thread of its own (not one of the
        // concurrency pool's few, which a blocked open could starve).
        let received = Received()
        let reader = Thread {
            // Three bytes, not to the end: a child process another test spawns meanwhile may hold the
            // write end open for a while.
            received.bytes = Array(FileHandle(forReadingAtPath: pipe)?.readData(ofLength: 3) ?? Data())
            received.done.signal()
        }
        reader.start()
        try AtomicFile.write(to: pipe) { append in
            try append([4, 5])
            try append([6])
        }
        // Bounded: were the FIFO replaced by a renamed file, its reader would wait forever.
        let arrived = received.done.wait(timeout: .now() + 60) == .success
        #expect(arrived)
        if arrived { #expect(received.bytes == [4, 5, 6]) }
        #expect(stat(pipe, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
    }
}

/// What the FIFO's reader thread read; `done` orders the write before the test's read.
private final class Received: @unchecked Sendable {
    var bytes: [UInt8] = []
    let done = DispatchSemaphore(value: 0)
}
