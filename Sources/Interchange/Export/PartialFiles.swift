import Foundation

/// Output files written under `NAME.partial` and renamed into place only once all are complete (and
/// closed), so a failed export never leaves a half-written file under a requested name.
enum PartialFiles {
    /// Calls `body` with the temporary path of each of `paths`, then renames them all.
    static func write<T>(_ paths: [String], _ body: ([String]) throws -> T) throws -> T {
        let temporaries = paths.map { $0 + ".partial" }
        do {
            let result = try body(temporaries)
            for (temporary, path) in zip(temporaries, paths) where rename(temporary, path) != 0 {
                throw SourceError("\(path): cannot write (\(String(cString: strerror(errno))))")
            }
            return result
        } catch {
            for temporary in temporaries { unlink(temporary) }
            throw error
        }
    }

    /// The three files of a Cell Ranger v3 directory, in the order `body` gets their temporary paths.
    static func mtxDirectory<T>(_ directory: String, _ body: (_ features: String, _ barcodes: String, _ matrix: String) throws -> T) throws -> T {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try write(["features.tsv.gz", "barcodes.tsv.gz", "matrix.mtx.gz"].map { "\(directory)/\($0)" }) { try body($0[0], $0[1], $0[2]) }
    }
}
