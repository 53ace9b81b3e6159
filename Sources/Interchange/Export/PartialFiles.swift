import Foundation
import Storage

/// Output files written under `NAME.partial` and renamed into place only once all are complete (and
/// closed), so a failed export never leaves a half-written file under a requested name. A path that names
/// a device, a pipe or a link (`/dev/null`, `/dev/stdout`) is not replaced: its file is written in the
/// temporary directory (HDF5 seeks as it writes) and then copied into it.
enum PartialFiles {
    /// Calls `body` with the temporary path of each of `paths`, then renames them all.
    static func write<T>(_ paths: [String], _ body: ([String]) throws -> T) throws -> T {
        let inPlace = paths.map(AtomicFile.writesInPlace)
        let temporaries = zip(paths, inPlace).map { path, inPlace in
            inPlace ? FileManager.default.temporaryDirectory.path + "/cairn-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).partial" : path + ".partial"
        }
        do {
            let result = try body(temporaries)
            for ((temporary, path), inPlace) in zip(zip(temporaries, paths), inPlace) {
                if inPlace {
                    try copy(temporary, into: path)
                    unlink(temporary)
                } else if rename(temporary, path) != 0 {
                    throw SourceError("\(path): cannot write (\(String(cString: strerror(errno))))")
                }
            }
            return result
        } catch {
            for temporary in temporaries { unlink(temporary) }
            throw error
        }
    }

    private static func copy(_ temporary: String, into path: String) throws {
        guard let source = FileHandle(forReadingAtPath: temporary) else { throw SourceError("\(temporary): cannot read back") }
        defer { try? source.close() }
        try AtomicFile.write(to: path) { append in
            while let piece = try source.read(upToCount: 1 << 20), !piece.isEmpty { try append(Array(piece)) }
        }
    }

    /// The three files of a Cell Ranger v3 directory, in the order `body` gets their temporary paths.
    static func mtxDirectory<T>(_ directory: String, _ body: (_ features: String, _ barcodes: String, _ matrix: String) throws -> T) throws -> T {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try write(["features.tsv.gz", "barcodes.tsv.gz", "matrix.mtx.gz"].map { "\(directory)/\($0)" }) { try body($0[0], $0[1], $0[2]) }
    }
}
