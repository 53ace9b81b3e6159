import Foundation

/// A JSON file holding one object of `{string: value}`, read with errors that name the file and the key.
enum JSONObjectFile {
    static func read<Value: Decodable>(path: String, what: String, as: Value.Type, expected: String) throws -> [String: Value] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TokenizerError.badFile(what: what, path: path, detail: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        do {
            return try JSONDecoder().decode([String: Value].self, from: data)
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            guard let key = context.codingPath.first?.stringValue else {
                throw TokenizerError.badFile(what: what, path: path, detail: "expected a JSON object {feature_id: \(expected)}")
            }
            throw TokenizerError.badFile(what: what, path: path, detail: "the value of '\(key)' is not \(expected)")
        } catch DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty {
            throw TokenizerError.badFile(what: what, path: path, detail: "the value of '\(context.codingPath[0].stringValue)' is not \(expected)")
        } catch {
            throw TokenizerError.badFile(what: what, path: path, detail: "not JSON")
        }
    }
}
