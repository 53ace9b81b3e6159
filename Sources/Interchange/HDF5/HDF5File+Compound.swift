import CHDF5
import Columnar

/// Compound (structured-array) datasets, as anndata < 0.7 wrote obs and var.
extension HDF5File {
    /// The members of a compound dataset, in order, with their types.
    public func compoundMembers(_ object: String) throws -> [(name: String, type: HDF5ElementType)] {
        let d = try open(object)
        let type = try HDF5Handle(H5Dget_type(d.id), fail(object, "cannot read its type"))
        guard H5Tget_class(type.id) == H5T_COMPOUND else { throw fail(object, "is not a compound dataset") }
        return try (0..<UInt32(max(0, H5Tget_nmembers(type.id)))).map { i in
            guard let cName = H5Tget_member_name(type.id, i) else { throw fail(object, "cannot read member \(i)") }
            defer { H5free_memory(cName) }
            let member = try HDF5Handle(H5Tget_member_type(type.id, i), fail(object, "cannot read member \(i)"))
            return (String(cString: cName), HDF5Library.elementType(of: member.id))
        }
    }

    /// One member of a compound dataset: numbers or booleans as their own buffer, strings as bytes.
    public func readCompoundMember(_ object: String, member: String) throws -> ColumnBuffer {
        let d = try open(object)
        let fileType = try HDF5Handle(H5Dget_type(d.id), fail(object, "cannot read its type"))
        let index = H5Tget_member_index(fileType.id, member)
        guard index >= 0 else { throw fail(object, "has no member '\(member)'") }
        let memberType = try HDF5Handle(H5Tget_member_type(fileType.id, UInt32(index)), fail(object, "cannot read member '\(member)'"))
        let element = HDF5Library.elementType(of: memberType.id)
        let space = try HDF5Handle(H5Dget_space(d.id), fail(object, "cannot read its shape"))
        let count = try shape(of: space, object).reduce(1, *)
        // A compound memory type with just this member reads it alone.
        func read<T>(_ zero: T, native: hid_t, size: Int) throws -> [T] {
            let mem = try HDF5Handle(H5Tcreate(H5T_COMPOUND, size), fail(object, "cannot make a memory type"))
            H5Tinsert(mem.id, member, 0, native)
            var out = [T](repeating: zero, count: count)
            guard out.withUnsafeMutableBytes({ H5Dread(d.id, mem.id, cairn_H5S_ALL(), cairn_H5S_ALL(), cairn_H5P_DEFAULT(), $0.baseAddress) }) >= 0 else {
                throw fail(object, "cannot read member '\(member)'")
            }
            return out
        }
        switch element {
        case .string(false, let size):
            let text = try HDF5Handle(H5Tcopy(cairn_H5T_C_S1()), fail(object, "cannot make a string type"))
            H5Tset_size(text.id, size)
            H5Tset_strpad(text.id, H5T_STR_NULLPAD)
            let mem = try HDF5Handle(H5Tcreate(H5T_COMPOUND, size), fail(object, "cannot make a memory type"))
            H5Tinsert(mem.id, member, 0, text.id)
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
        case .integer(1, true): return .int8(try read(Int8(0), native: cairn_H5T_NATIVE_INT8(), size: 1))
        case .integer(2, true): return .int16(try read(Int16(0), native: cairn_H5T_NATIVE_INT16(), size: 2))
        case .integer(4, true): return .int32(try read(Int32(0), native: cairn_H5T_NATIVE_INT32(), size: 4))
        case .integer(8, true): return .int64(try read(Int64(0), native: cairn_H5T_NATIVE_INT64(), size: 8))
        case .integer(1, false): return .uint8(try read(UInt8(0), native: cairn_H5T_NATIVE_UINT8(), size: 1))
        case .integer(2, false): return .uint16(try read(UInt16(0), native: cairn_H5T_NATIVE_UINT16(), size: 2))
        case .integer(4, false): return .uint32(try read(UInt32(0), native: cairn_H5T_NATIVE_UINT32(), size: 4))
        case .integer(8, false): return .uint64(try read(UInt64(0), native: cairn_H5T_NATIVE_UINT64(), size: 8))
        case .float(4): return .float32(try read(Float(0), native: cairn_H5T_NATIVE_FLOAT(), size: 4))
        case .float(8): return .float64(try read(Double(0), native: cairn_H5T_NATIVE_DOUBLE(), size: 8))
        case .boolean: return .boolean(try read(Int8(0), native: cairn_H5T_NATIVE_INT8(), size: 1).map { $0 != 0 })
        default: throw fail(object, "member '\(member)' holds \(element), which cairn does not import")
        }
    }
}
