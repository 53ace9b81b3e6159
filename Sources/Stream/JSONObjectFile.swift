import Foundation
import Lake

/// A JSON file holding one object of `{string: value}`, read with errors that name the file and the key.
enum JSONObjectFile {
    /// One value of the object, as JSON spelled it.
    enum Scalar: Decodable, Equatable {
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
            object = try scan([UInt8](data)) ?? JSONDecoder().decode([String: Scalar].self, from: data)
        } catch DecodingError.typeMismatch {
            throw TokenizerError.badFile(what: what, path: path, detail: "expected a JSON object {feature_id: \(expected)}")
        } catch {
            throw TokenizerError.badFile(what: what, path: path, detail: "not JSON")
        }
        var result: [String: Value] = [:]
        result.reserveCapacity(object.count)
        var rejected: [String] = []
        for (key, scalar) in object {
            if let value = convert(scalar) { result[key] = value } else { rejected.append(key) }
        }
        // The first rejected key in key order, whatever order the object was read in (sorting every key of
        // a 20,000-gene file cost more than reading it).
        if let key = rejected.min() {
            throw TokenizerError.badFile(what: what, path: path, detail: "the value of '\(key)' is not \(expected)")
        }
        return result
    }

    /// The object, read with a `JSONScanner` (a vocabulary or medians file holds 20,000 or more keys, and
    /// JSONDecoder takes tens of milliseconds over them) when every value is a number, a string, true,
    /// false or null and no key repeats; nil otherwise, and JSONDecoder decides.
    static func scan(_ bytes: [UInt8]) -> [String: Scalar]? {
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(bytes: buffer)
            var object: [String: Scalar] = [:]
            let complete = scanner.object { key, scanner in
                guard object[key] == nil else { return false }
                switch scanner.peek() {
                case UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "f"):
                    guard scanner.skipValue() else { return false }
                    object[key] = .other
                case UInt8(ascii: "\""):
                    guard scanner.string() != nil else { return false }
                    object[key] = .other
                default:
                    // As the decoder reads a number: an integer when its value is one (`4.0`, `1e2` too), else a
                    // double. Values past 2^53, where the two readings could round apart, are left to it.
                    guard let number = scanner.number() else { return false }
                    if number.plainInteger {
                        guard let integer = Int(number.text) else { return false }
                        object[key] = .integer(integer)
                    } else {
                        guard let value = Double(number.text), value.isFinite, abs(value) < 0x1p53 else { return false }
                        object[key] = value.rounded(.towardZero) == value ? .integer(Int(value)) : .number(value)
                    }
                }
                return true
            }
            return complete && scanner.atEnd() ? object : nil
        }
    }
}
