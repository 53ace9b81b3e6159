import Columnar
import Foundation

/// A copy of HDF5 subtrees — groups, datasets and attributes — in one byte string: a JSON description
/// followed by the datasets' values. AnnData elements cairn does not model as tables (raw, obsm, varm,
/// obsp, varp, uns) travel this way, so an export writes them back as they were, in any encoding.
///
/// Layout: 8-byte little-endian JSON length, the JSON, then the values (numbers little-endian; strings
/// as 4-byte length prefixes and UTF-8 bytes; a compound dataset's fields one after another).
struct HDF5Archive: Codable {
    enum Attribute: Codable, Equatable {
        /// Strings: one value is a scalar attribute. (Archives before `stringArray` kept every string array so.)
        case strings([String]), integers([Int64]), floats([Double]), booleans([Bool])
        /// An array of strings that stays an array with one value (anndata's `column-order` of one column).
        case stringArray([String])
    }

    struct Node: Codable {
        var path: String
        /// nil for a group; else the element type: int8…uint64, float32, float64, bool, string, or
        /// compound (its fields in `members`).
        var type: String?
        var shape: [Int]?
        var offset: Int?
        var length: Int?
        var attributes: [String: Attribute]
        /// Strings: the fixed width in bytes (nil: variable-length) and the ASCII character set (nil: UTF-8).
        /// Readers tell these apart: anndata gives fixed-width ASCII back as numpy strings, not objects.
        var width: Int? = nil
        var ascii: Bool? = nil
        /// A compound dataset's fields, each with values of its own.
        var members: [Member]? = nil
    }

    /// One field of a compound dataset: `dims` per record ([] for one value), values like a dataset's.
    struct Member: Codable {
        var name: String
        var type: String
        var dims: [Int]
        var offset: Int
        var length: Int
        var width: Int? = nil
        var ascii: Bool? = nil
    }

    var nodes: [Node] = []
    /// Objects that could not be copied (e.g. references), for a warning.
    var skipped: [String] = []

    /// Reads `roots` (those that exist) and everything below them, leaving out the objects `excluding` names.
    static func capture(_ file: HDF5File, roots: [String], excluding: Set<String> = []) throws -> (archive: HDF5Archive, values: [UInt8]) {
        var archive = HDF5Archive()
        var values: [UInt8] = []
        func attributes(_ object: String) throws -> [String: Attribute] {
            var out: [String: Attribute] = [:]
            for name in try file.attributeNames(of: object) {
                switch try file.attribute(name, of: object) {
                case .strings(let v)?: out[name] = try file.attributeIsScalar(name, of: object) ? .strings(v) : .stringArray(v)
                case .integers(let v)?: out[name] = .integers(v)
                case .floats(let v)?: out[name] = .floats(v)
                case .booleans(let v)?: out[name] = .booleans(v)
                default: archive.skipped.append("\(object) attribute \(name)")
                }
            }
            return out
        }
        /// Appends a buffer's values; returns their type's name.
        func append(_ buffer: ColumnBuffer) -> String {
            if case .bytes(let strings) = buffer {
                for i in 0..<strings.count {
                    let range = strings.byteRange(i)
                    withUnsafeBytes(of: UInt32(range.count).littleEndian) { values.append(contentsOf: $0) }
                    values.append(contentsOf: strings.bytes[range])
                }
                return "string"
            }
            HDF5Archive.append(buffer, to: &values)
            return HDF5Archive.typeName(buffer)
        }
        func compound(_ object: String, shape: [Int]) throws -> Node? {
            let start = values.count
            var members: [Member] = []
            for member in try file.compoundMembers(object) {
                guard let buffer = try? file.readCompoundMember(object, member: member.name) else {
                    values.removeSubrange(start...)
                    archive.skipped.append("\(object) (compound member \(member.name): \(member.type))")
                    return nil
                }
                let offset = values.count
                let type = append(buffer)
                var width: Int?
                if case .string(false, let size) = member.type { width = size }
                members.append(Member(name: member.name, type: type, dims: member.dims, offset: offset, length: values.count - offset,
                                      width: width, ascii: member.ascii ? true : nil))
            }
            return Node(path: object, type: "compound", shape: shape, offset: start, length: values.count - start,
                        attributes: try attributes(object), members: members)
        }
        func visit(_ object: String) throws {
            guard !excluding.contains(object) else { return }
            switch file.kind(of: object) {
            case .group?:
                archive.nodes.append(Node(path: object, type: nil, shape: nil, offset: nil, length: nil, attributes: try attributes(object)))
                for member in try file.members(of: object) { try visit(object + "/" + member) }
            case .dataset?:
                let (shape, element) = try file.datasetInfo(object)
                let start = values.count
                switch element {
                case .other("compound"):
                    if let node = try compound(object, shape: shape) { archive.nodes.append(node) }
                case .other(let what):
                    archive.skipped.append("\(object) (\(what))")
                case .string(let variable, let size):
                    _ = append(.bytes(try file.readStrings(object)))
                    archive.nodes.append(Node(path: object, type: "string", shape: shape, offset: start, length: values.count - start,
                                              attributes: try attributes(object), width: variable ? nil : size,
                                              ascii: try file.stringIsASCII(object) ? true : nil))
                default:
                    let type = append(try file.readNumeric(object))
                    archive.nodes.append(Node(path: object, type: type, shape: shape, offset: start, length: values.count - start,
                                              attributes: try attributes(object)))
                }
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
        func slice(_ offset: Int, _ length: Int, _ path: String) throws -> ArraySlice<UInt8> {
            guard offset >= 0, length >= 0, base + offset + length <= values.endIndex else { throw SourceError("archived \(path) is corrupt") }
            return values[(base + offset)..<(base + offset + length)]
        }
        func buffer(_ type: String, _ bytes: ArraySlice<UInt8>, _ path: String) throws -> ColumnBuffer {
            type == "string" ? .bytes(try HDF5Archive.strings(bytes, path)) : try HDF5Archive.buffer(type, Array(bytes))
        }
        for node in nodes {
            if let members = node.members, let shape = node.shape {
                let fields = try members.map { member in
                    HDF5Writer.CompoundField(name: member.name, values: try buffer(member.type, try slice(member.offset, member.length, node.path), node.path),
                                             dims: member.dims, width: member.width, ascii: member.ascii ?? false)
                }
                try writer.createCompoundDataset(node.path, shape: shape, fields: fields)
            } else if let type = node.type, let offset = node.offset, let length = node.length, let shape = node.shape {
                let bytes = try slice(offset, length, node.path)
                if type == "string" {
                    try writer.writeStrings(node.path, try HDF5Archive.strings(bytes, node.path), shape: shape, width: node.width, ascii: node.ascii ?? false)
                } else {
                    try writer.createDataset(node.path, like: try HDF5Archive.buffer(type, Array(bytes)), shape: shape)
                }
            } else if node.path != "/" {
                try writer.createGroup(node.path)
            }
            for (name, value) in node.attributes.sorted(by: { $0.key < $1.key }) {
                switch value {
                case .strings(let v) where v.count == 1: try writer.setAttribute(name, of: node.path, string: v[0])
                case .strings(let v), .stringArray(let v): try writer.setAttribute(name, of: node.path, strings: v)
                case .integers(let v): try writer.setAttribute(name, of: node.path, integers: v)
                case .floats(let v): try writer.setAttribute(name, of: node.path, floats: v)
                case .booleans(let v): try writer.setAttribute(name, of: node.path, boolean: v.first ?? false)
                }
            }
        }
    }

    /// Strings stored as 4-byte little-endian lengths, each followed by its UTF-8 bytes.
    static func strings(_ bytes: ArraySlice<UInt8>, _ path: String) throws -> VarBinary {
        var strings = VarBinary()
        var i = bytes.startIndex
        while i < bytes.endIndex {
            guard i + 4 <= bytes.endIndex else { throw SourceError("archived \(path) is corrupt") }
            let n = bytes[i..<(i + 4)].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
            guard i + 4 + n <= bytes.endIndex else { throw SourceError("archived \(path) is corrupt") }
            strings.append(contentsOf: bytes[(i + 4)..<(i + 4 + n)])
            i += 4 + n
        }
        return strings
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
