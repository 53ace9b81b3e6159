import Columnar
import Foundation

/// A copy of HDF5 subtrees — groups, datasets and attributes — in one byte string: a JSON description
/// followed by the datasets' values. AnnData elements cairn does not model as tables (raw, obsm, varm,
/// obsp, varp, uns) travel this way, so an export writes them back as they were, in any encoding.
///
/// Layout: 8-byte little-endian JSON length, the JSON, then the values (numbers little-endian; strings
/// as 4-byte length prefixes and UTF-8 bytes).
struct HDF5Archive: Codable {
    enum Attribute: Codable, Equatable {
        case strings([String]), integers([Int64]), floats([Double]), booleans([Bool])
    }

    struct Node: Codable {
        var path: String
        /// nil for a group; else the element type: int8…uint64, float32, float64, bool, string.
        var type: String?
        var shape: [Int]?
        var offset: Int?
        var length: Int?
        var attributes: [String: Attribute]
    }

    var nodes: [Node] = []
    /// Objects that could not be copied (e.g. compound datasets), for a warning.
    var skipped: [String] = []

    /// Reads `roots` (those that exist) and everything below them.
    static func capture(_ file: HDF5File, roots: [String]) throws -> (archive: HDF5Archive, values: [UInt8]) {
        var archive = HDF5Archive()
        var values: [UInt8] = []
        func attributes(_ object: String) throws -> [String: Attribute] {
            var out: [String: Attribute] = [:]
            for name in try file.attributeNames(of: object) {
                switch try file.attribute(name, of: object) {
                case .strings(let v)?: out[name] = .strings(v)
                case .integers(let v)?: out[name] = .integers(v)
                case .floats(let v)?: out[name] = .floats(v)
                case .booleans(let v)?: out[name] = .booleans(v)
                default: archive.skipped.append("\(object) attribute \(name)")
                }
            }
            return out
        }
        func visit(_ object: String) throws {
            switch file.kind(of: object) {
            case .group?:
                archive.nodes.append(Node(path: object, type: nil, shape: nil, offset: nil, length: nil, attributes: try attributes(object)))
                for member in try file.members(of: object) { try visit(object + "/" + member) }
            case .dataset?:
                let (shape, element) = try file.datasetInfo(object)
                let start = values.count
                let type: String
                if case .string = element {
                    type = "string"
                    let strings = try file.readStrings(object)
                    for i in 0..<strings.count {
                        let range = strings.byteRange(i)
                        withUnsafeBytes(of: UInt32(range.count).littleEndian) { values.append(contentsOf: $0) }
                        values.append(contentsOf: strings.bytes[range])
                    }
                } else if case .other(let what) = element {
                    archive.skipped.append("\(object) (\(what))")
                    return
                } else {
                    let buffer = try file.readNumeric(object)
                    type = HDF5Archive.typeName(buffer)
                    HDF5Archive.append(buffer, to: &values)
                }
                archive.nodes.append(Node(path: object, type: type, shape: shape, offset: start, length: values.count - start,
                                          attributes: try attributes(object)))
            case nil:
                return
            }
        }
        for root in roots { try visit(root) }
        return (archive, values)
    }

    func encoded(values: [UInt8]) throws -> [UInt8] {
        let json = Array(try JSONEncoder().encode(self))
        var out: [UInt8] = []
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        return out + json + values
    }

    static func decode(_ bytes: [UInt8]) throws -> (archive: HDF5Archive, values: ArraySlice<UInt8>) {
        guard bytes.count >= 8 else { throw SourceError("archived AnnData elements are truncated") }
        let length = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        guard length >= 0, length <= bytes.count - 8 else { throw SourceError("archived AnnData elements are corrupt") }
        let archive = try JSONDecoder().decode(HDF5Archive.self, from: Data(bytes[8..<(8 + length)]))
        return (archive, bytes[(8 + length)...])
    }

    /// Recreates every node in `writer`.
    func restore(into writer: HDF5Writer, values: ArraySlice<UInt8>) throws {
        let base = values.startIndex
        for node in nodes {
            if let type = node.type, let offset = node.offset, let length = node.length, let shape = node.shape {
                guard offset >= 0, length >= 0, base + offset + length <= values.endIndex else { throw SourceError("archived \(node.path) is corrupt") }
                let bytes = values[(base + offset)..<(base + offset + length)]
                if type == "string" {
                    var strings = VarBinary()
                    var i = bytes.startIndex
                    while i < bytes.endIndex {
                        guard i + 4 <= bytes.endIndex else { throw SourceError("archived \(node.path) is corrupt") }
                        let n = bytes[i..<(i + 4)].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
                        guard i + 4 + n <= bytes.endIndex else { throw SourceError("archived \(node.path) is corrupt") }
                        strings.append(contentsOf: bytes[(i + 4)..<(i + 4 + n)])
                        i += 4 + n
                    }
                    try writer.writeStrings(node.path, strings, shape: shape)
                } else {
                    try writer.createDataset(node.path, like: try HDF5Archive.buffer(type, Array(bytes)), shape: shape)
                }
            } else if node.path != "/" {
                try writer.createGroup(node.path)
            }
            for (name, value) in node.attributes.sorted(by: { $0.key < $1.key }) {
                switch value {
                case .strings(let v) where v.count == 1: try writer.setAttribute(name, of: node.path, string: v[0])
                case .strings(let v): try writer.setAttribute(name, of: node.path, strings: v)
                case .integers(let v): try writer.setAttribute(name, of: node.path, integers: v)
                case .floats(let v): try writer.setAttribute(name, of: node.path, floats: v)
                case .booleans(let v): try writer.setAttribute(name, of: node.path, boolean: v.first ?? false)
                }
            }
        }
    }

    /// The type's name in the archive: the spelling of its cairn `DataType`.
    static func typeName(_ buffer: ColumnBuffer) -> String { AnnDataColumnReader.dataType(of: buffer).description }

    static func append(_ buffer: ColumnBuffer, to out: inout [UInt8]) {
        func raw<T>(_ v: [T]) { v.withUnsafeBytes { out.append(contentsOf: $0) } }
        switch buffer {
        case .boolean(let v): raw(v.map { UInt8($0 ? 1 : 0) })
        case .int8(let v): raw(v)
        case .int16(let v): raw(v)
        case .int32(let v): raw(v)
        case .int64(let v): raw(v)
        case .uint8(let v): raw(v)
        case .uint16(let v): raw(v)
        case .uint32(let v): raw(v)
        case .uint64(let v): raw(v)
        case .float32(let v): raw(v)
        case .float64(let v): raw(v)
        case .bytes: break
        }
    }

    static func buffer(_ type: String, _ bytes: [UInt8]) throws -> ColumnBuffer {
        func load<T>(_: T.Type) throws -> [T] {
            guard bytes.count % MemoryLayout<T>.size == 0 else { throw SourceError("archived array of \(type) is corrupt") }
            return bytes.withUnsafeBytes { raw in (0..<(bytes.count / MemoryLayout<T>.size)).map { raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self) } }
        }
        switch type {
        case "bool": return .boolean(bytes.map { $0 != 0 })
        case "int8": return .int8(try load(Int8.self))
        case "int16": return .int16(try load(Int16.self))
        case "int32": return .int32(try load(Int32.self))
        case "int64": return .int64(try load(Int64.self))
        case "uint8": return .uint8(try load(UInt8.self))
        case "uint16": return .uint16(try load(UInt16.self))
        case "uint32": return .uint32(try load(UInt32.self))
        case "uint64": return .uint64(try load(UInt64.self))
        case "float32": return .float32(try load(Float.self))
        case "float64": return .float64(try load(Double.self))
        default: throw SourceError("archived array of unknown type \(type)")
        }
    }
}
