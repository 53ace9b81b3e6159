import Foundation

/// JSON for manifests: sorted keys and stable formatting, so equal manifests are byte-identical blobs
/// (git then shares them between commits).
enum ManifestCoding {
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return Array(try encoder.encode(value)) + [0x0A]
    }

    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], path: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw LakeError.corruptManifest(path: path, detail: describe(error))
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws -> T {
        try decode(type, from: [UInt8](data), path: path)
    }

    private static func describe(_ error: DecodingError) -> String {
        func where_(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing field '\(key.stringValue)' \(where_(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): return where_(context)
        @unknown default: return String(describing: error)
        }
    }
}
