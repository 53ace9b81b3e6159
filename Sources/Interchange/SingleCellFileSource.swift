import Foundation
import Lake

/// Opens a single-cell file by its kind: an .h5ad file, a Cell Ranger matrix directory, or a 10x .h5.
public enum SingleCellFileSource {
    public static func open(path: String) throws -> any SingleCellSource {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SourceError("\(path): no such file or directory")
        }
        let lower = path.lowercased()
        if isDirectory.boolValue { return try TenXDirectory(path: path) }
        if lower.hasSuffix(".h5ad") { return try AnnDataSource(path: path) }
        if lower.hasSuffix(".h5") { return try TenXH5File(path: path) }
        throw SourceError("\(path): unsupported file type (expected .h5ad, a 10x .h5 or a 10x matrix directory)")
    }

    /// A dataset name from a path: its file name without extension, with characters a name cannot hold
    /// replaced by `_`.
    public static func defaultDatasetName(for path: String) -> String {
        var name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        if name.lowercased().hasSuffix(".h5") { name = String(name.dropLast(3)) }
        let cleaned = String(name.unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") ? Character($0) : "_" })
        guard let first = cleaned.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return "d_" + cleaned }
        return cleaned
    }
}
