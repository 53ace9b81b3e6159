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
}
