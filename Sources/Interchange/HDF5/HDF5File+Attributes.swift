import CHDF5
#if canImport(Glibc)
import Glibc
#endif

/// An attribute's value, in the shapes AnnData and Cell Ranger use.
public enum HDF5AttributeValue: Equatable, Sendable {
    case strings([String])
    case integers([Int64])
    case floats([Double])
    case booleans([Bool])
    case other(String)

    /// A scalar string attribute (or a one-element array of one).
    public var string: String? {
        if case .strings(let s) = self, s.count == 1 { return s[0] }
        return nil
    }
}

extension HDF5File {
    public func attributeNames(of object: String) throws -> [String] {
        let o = try open(object)
        let count = cairn_attribute_count(o.id)
        guard count >= 0 else { throw fail(object, "cannot list attributes") }
        return try (0..<hsize_t(count)).map { i in
            let length = H5Aget_name_by_idx(o.id, ".", H5_INDEX_NAME, H5_ITER_INC, i, nil, 0, cairn_H5P_DEFAULT())
            guard length >= 0 else { throw fail(object, "cannot read attribute \(i)") }
            var buffer = [CChar](repeating: 0, count: length + 1)
            H5Aget_name_by_idx(o.id, ".", H5_INDEX_NAME, H5_ITER_INC, i, &buffer, buffer.count, cairn_H5P_DEFAULT())
            return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// Whether an attribute is a scalar rather than an array (a one-value array reads the same in `attribute`).
    public func attributeIsScalar(_ name: String, of object: String) throws -> Bool {
        let o = try open(object)
        let a = try HDF5Handle(H5Aopen(o.id, name, cairn_H5P_DEFAULT()), fail("\(object) attribute '\(name)'", "cannot open"))
        let space = try HDF5Handle(H5Aget_space(a.id), fail("\(object) attribute '\(name)'", "cannot read its shape"))
        return H5Sget_simple_extent_type(space.id) == H5S_SCALAR
    }

    /// The attribute `name` of `object`, or nil when it has none.
    public func attribute(_ name: String, of object: String) throws -> HDF5AttributeValue? {
        let o = try open(object)
        guard H5Aexists(o.id, name) > 0 else { return nil }
        let where_ = "\(object) attribute '\(name)'"
        let a = try HDF5Handle(H5Aopen(o.id, name, cairn_H5P_DEFAULT()), fail(where_, "cannot open"))
        let type = try HDF5Handle(H5Aget_type(a.id), fail(where_, "cannot read its type"))
        let space = try HDF5Handle(H5Aget_space(a.id), fail(where_, "cannot read its shape"))
        let count = Int(H5Sget_simple_extent_npoints(space.id))
        guard count >= 0 else { throw fail(where_, "cannot read its shape") }
        switch HDF5Library.elementType(of: type.id) {
        case .string(let variable, let size):
            let mem = try HDF5Handle(H5Tcopy(cairn_H5T_C_S1()), fail(where_, "cannot make a string type"))
            if variable {
                H5Tset_size(mem.id, cairn_H5T_VARIABLE())
                H5Tset_cset(mem.id, H5T_CSET_UTF8)
                var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
                let status = pointers.withUnsafeMutableBytes { H5Aread(a.id, mem.id, $0.baseAddress) }
                guard status >= 0 else { throw fail(where_, "cannot read") }
                defer { _ = pointers.withUnsafeMutableBytes { H5Dvlen_reclaim(mem.id, space.id, cairn_H5P_DEFAULT(), $0.baseAddress) } }
                return .strings(pointers.map { $0.map { String(cString: $0) } ?? "" })
            }
            H5Tset_size(mem.id, size)
        // numpy writes fixed strings NUL-padded, not NUL-terminated: a full-width value has no NUL.
        H5Tset_strpad(mem.id, H5T_STR_NULLPAD)
            var raw = [UInt8](repeating: 0, count: size * count)
            guard raw.withUnsafeMutableBytes({ H5Aread(a.id, mem.id, $0.baseAddress) }) >= 0 else { throw fail(where_, "cannot read") }
            return .strings((0..<count).map { i in
                let slot = raw[(i * size)..<((i + 1) * size)]
                return String(decoding: slot.prefix { $0 != 0 }, as: UTF8.self)
            })
        case .integer:
            var values = [Int64](repeating: 0, count: count)
            guard values.withUnsafeMutableBytes({ H5Aread(a.id, cairn_H5T_NATIVE_INT64(), $0.baseAddress) }) >= 0 else { throw fail(where_, "cannot read") }
            return .integers(values)
        case .float:
            var values = [Double](repeating: 0, count: count)
            guard values.withUnsafeMutableBytes({ H5Aread(a.id, cairn_H5T_NATIVE_DOUBLE(), $0.baseAddress) }) >= 0 else { throw fail(where_, "cannot read") }
            return .floats(values)
        case .boolean:
            var values = [Int8](repeating: 0, count: count)
            guard values.withUnsafeMutableBytes({ H5Aread(a.id, cairn_H5T_NATIVE_INT8(), $0.baseAddress) }) >= 0 else { throw fail(where_, "cannot read") }
            return .booleans(values.map { $0 != 0 })
        case .other(let what):
            return .other(what)
        }
    }
}
