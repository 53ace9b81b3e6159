import Foundation

/// A JSON file holding one object of `{string: value}`, read with errors that name the file and the key.
enum JSONObjectFile {
    /// One value of the object, as JSON spelled it.
    enum Scalar: Decodable {
        case integer(Int), number(Double), other

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() || (try? container.decode(Bool.self)) != nil {
                self = .other
            } else if let integer = try? container.decode(Int.self) {
                self = .integer(integer)
            } else if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else {
                self = .other
            }
        }
    }

    /// Reads the object; `convert` accepts a value or returns nil (then the error says `expected`).
    static func read<Value>(path: String, what: String, expected: String, _ convert: (Scalar) -> Value?) throws -> [String: Value] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TokenizerError.badFile(what: what, path: path, detail: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        let object: [String: Scalar]
        do {
            object = try JSONDecoder().decode([String: Scalar].self, from: data)
        } catch DecodingError.typeMismatch {
            throw TokenizerError.badFile(what: what, path: path, detail: "expected a JSON object {feature_id: \(expected)}")
        } catch {
            throw TokenizerError.badFile(what: what, path: path, detail: "not JSON")
        }
        var result: [String: Value] = [:]
        result.reserveCapacity(object.count)
        for key in object.keys.sorted() {
            guard let value = convert(object[key]!) else {
                throw TokenizerError.badFile(what: what, path: path, detail: "the value of '\(key)' is not \(expected)")
            }
            result[key] = value
        }
        return result
    }
}
