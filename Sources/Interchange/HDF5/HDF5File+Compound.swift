import CHDF5
#if canImport(Glibc)
import Glibc
#endif
import Columnar

/// One field of a compound dataset's records.
public struct HDF5CompoundMember: Sendable {
    public var name: String
    /// The type of one value (for an array field, of one of its elements).
    public var type: HDF5ElementType
    /// An array field's dimensions within each record ([] for a single value), as 0.6's obsm stored X_pca.
    public var dims: [Int]
    /// Text stored with the ASCII character set (numpy's fixed-width bytes) rather than UTF-8.
    public var ascii: Bool
}

/// Compound (structured-array) datasets, as anndata < 0.7 wrote obs, var, obsm, varm and raw.var.
extension HDF5File {
    /// The members of a compound dataset, in order, with their types.
    public func compoundMembers(_ object: String) throws -> [HDF5CompoundMember] {
        let d = try open(object)
        let type = try HDF5Handle(H5Dget_type(d.id), fail(object, "cannot read its type"))
        guard H5Tget_class(type.id) == H5T_COMPOUND else { throw fail(object, "is not a compound dataset") }
        return try (0..<UInt32(max(0, H5Tget_nmembers(type.id)))).map { i in
            guard let cName = H5Tget_member_name(type.id, i) else { throw fail(object, "cannot read member \(i)") }
            defer { H5free_memory(cName) }
            let member = try HDF5Handle(H5Tget_member_type(type.id, i), fail(object, "cannot read member \(i)"))
            let (element, dims) = try elementAndDims(member, object)
            return HDF5CompoundMember(name: String(cString: cName), type: HDF5Library.elementType(of: element.id), dims: dims,
                                      ascii: H5Tget_class(element.id) == H5T_STRING && H5Tget_cset(element.id) == H5T_CSET_ASCII)
        }
    }

    /// A member's value type, and the dimensions when it is an array of them.
    private func elementAndDims(_ member: HDF5Handle, _ object: String) throws -> (HDF5Handle, [Int]) {
        guard H5Tget_class(member.id) == H5T_ARRAY else { return (member, []) }
        var dims = [hsize_t](repeating: 0, count: Int(max(0, H5Tget_array_ndims(member.id))))
        H5Tget_array_dims2(member.id, &dims)
        return (try HDF5Handle(H5Tget_super(member.id), fail(object, "cannot read an array member's type")), dims.map { Int($0) })
    }

    /// One member of a compound dataset, every record's value in order (an array member's elements
    /// row-major within each record): numbers or booleans as their own buffer, strings as bytes.
    public func readCompoundMember(_ object: String, member: String) throws -> ColumnBuffer {
        let d = try open(object)
        let fileType = try HDF5Handle(H5Dget_type(d.id), fail(object, "cannot read its type"))
        let index = H5Tget_member_index(fileType.id, member)
        guard index >= 0 else { throw fail(object, "has no member '\(member)'") }
        let memberType = try HDF5Handle(H5Tget_member_type(fileType.id, UInt32(index)), fail(object, "cannot read member '\(member)'"))
        let (elementType, dims) = try elementAndDims(memberType, object)
        let element = HDF5Library.elementType(of: elementType.id)
        let space = try HDF5Handle(H5Dget_space(d.id), fail(object, "cannot read its shape"))
        let records = try shape(of: space, object).reduce(1, *)
        let count = records * dims.reduce(1, *)
        // A compound memory type with just this member reads it alone.
        func memory(_ value: hid_t) throws -> HDF5Handle {
            var arrayDims = dims.map { hsize_t($0) }
            let field = dims.isEmpty ? try HDF5Handle(H5Tcopy(value), fail(object, "cannot copy a type"))
                : try HDF5Handle(H5Tarray_create2(value, UInt32(dims.count), &arrayDims), fail(object, "cannot make an array type"))
            let mem = try HDF5Handle(H5Tcreate(H5T_COMPOUND, H5Tget_size(field.id)), fail(object, "cannot make a memory type"))
            H5Tinsert(mem.id, member, 0, field.id)
            return mem
        }
        func read<T>(_ zero: T, native: hid_t) throws -> [T] {
            let mem = try memory(native)
            var out = [T](repeating: zero, count: count)
            guard out.withUnsafeMutableBytes({ H5Dread(d.id, mem.id, cairn_H5S_ALL(), cairn_H5S_ALL(), cairn_H5P_DEFAULT(), $0.baseAddress) }) >= 0 else {
                throw fail(object, "cannot read member '\(member)'")
            }
            return out
        }
        switch element {
        case .string(let variable, let size):
            guard dims.isEmpty else { throw fail(object, "member '\(member)' is an array of strings, which cairn does not read") }
            let text = try HDF5Handle(H5Tcopy(cairn_H5T_C_S1()), fail(object, "cannot make a string type"))
            H5Tset_cset(text.id, H5Tget_cset(elementType.id))
            if variable {
                // h5py 3 writes Python strings in records variable-length (anndata 0.6 under h5py 3 did).
                H5Tset_size(text.id, cairn_H5T_VARIABLE())
                let mem = try memory(text.id)
                var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
                guard pointers.withUnsafeMutableBytes({ H5Dread(d.id, mem.id, cairn_H5S_ALL(), cairn_H5S_ALL(), cairn_H5P_DEFAULT(), $0.baseAddress) }) >= 0 else {
                    throw fail(object, "cannot read member '\(member)'")
                }
                defer { _ = pointers.withUnsafeMutableBytes { H5Dvlen_reclaim(mem.id, space.id, cairn_H5P_DEFAULT(), $0.baseAddress) } }
                var out = VarBinary()
                for p in pointers {
                    if let p { out.append(bytes: UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: strlen(p))) }
                    else { out.appendEmpty() }
                }
                return .bytes(out)
            }
            H5Tset_size(text.id, size)
            H5Tset_strpad(text.id, H5T_STR_NULLPAD)
            let mem = try memory(text.id)
            var raw = [UInt8](repeating: 0, count: size * count)
            guard raw.withUnsafeMutableBytes({ H5Dread(d.id, mem.id, cairn_H5S_ALL(), cairn_H5S_ALL(), cairn_H5P_DEFAULT(), $0.baseAddress) }) >= 0 else {
                throw fail(object, "cannot read member '\(member)'")
            }
            var out = VarBinary()
            for i in 0..<count {
                let slot = raw[(i * size)..<((i + 1) * size)]
                out.append(contentsOf: slot.prefix { $0 != 0 })
            }
            return .bytes(out)
        case .integer(1, true): return .int8(try read(Int8(0), native: cairn_H5T_NATIVE_INT8()))
        case .integer(2, true): return .int16(try read(Int16(0), native: cairn_H5T_NATIVE_INT16()))
        case .integer(4, true): return .int32(try read(Int32(0), native: cairn_H5T_NATIVE_INT32()))
        case .integer(8, true): return .int64(try read(Int64(0), native: cairn_H5T_NATIVE_INT64()))
        case .integer(1, false): return .uint8(try read(UInt8(0), native: cairn_H5T_NATIVE_UINT8()))
        case .integer(2, false): return .uint16(try read(UInt16(0), native: cairn_H5T_NATIVE_UINT16()))
        case .integer(4, false): return .uint32(try read(UInt32(0), native: cairn_H5T_NATIVE_UINT32()))
        case .integer(8, false): return .uint64(try read(UInt64(0), native: cairn_H5T_NATIVE_UINT64()))
        case .float(4): return .float32(try read(Float(0), native: cairn_H5T_NATIVE_FLOAT()))
        case .float(8): return .float64(try read(Double(0), native: cairn_H5T_NATIVE_DOUBLE()))
        case .boolean: return .boolean(try read(Int8(0), native: cairn_H5T_NATIVE_INT8()).map { $0 != 0 })
        default: throw fail(object, "member '\(member)' holds \(element), which cairn does not import")
        }
    }
}
