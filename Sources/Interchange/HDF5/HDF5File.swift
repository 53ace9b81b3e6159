import CHDF5
#if canImport(Glibc)
import Glibc
#endif
import Columnar

/// A read-only HDF5 file, addressed by slash paths ("/obs/cell_type/codes"), as AnnData and Cell Ranger
/// write them. Every failure is an `HDF5Error` naming the file and the object.
public final class HDF5File {
    public let path: String
    let handle: HDF5Handle

    public enum Kind: Equatable { case group, dataset }

    public init(path: String) throws {
        try HDF5Library.load()
        guard H5Fis_hdf5(path) > 0 else { throw HDF5Error("\(path): not an HDF5 file (or truncated)") }
        handle = try HDF5Handle(H5Fopen(path, cairn_H5F_ACC_RDONLY(), cairn_H5P_DEFAULT()), HDF5Error("\(path): cannot open HDF5 file"))
        self.path = path
    }

    func fail(_ object: String, _ what: String) -> HDF5Error { HDF5Error("\(path): \(object): \(what)") }

    /// Whether `object` exists, and what it is.
    public func kind(of object: String) -> Kind? {
        guard exists(object) else { return nil }
        guard let opened = try? open(object) else { return nil }
        switch H5Iget_type(opened.id) {
        case H5I_GROUP: return .group
        case H5I_DATASET: return .dataset
        default: return nil
        }
    }

    func exists(_ object: String) -> Bool {
        if object == "/" { return true }
        // Each component must exist before its child can be asked about.
        var prefix = ""
        for part in object.split(separator: "/") {
            prefix += "/" + part
            guard H5Lexists(handle.id, prefix, cairn_H5P_DEFAULT()) > 0 else { return false }
        }
        return true
    }

    func open(_ object: String) throws -> HDF5Handle {
        guard exists(object) else { throw fail(object, "missing") }
        return try HDF5Handle(H5Oopen(handle.id, object, cairn_H5P_DEFAULT()), fail(object, "cannot open"))
    }

    /// Names of a group's members, in name order.
    public func members(of group: String) throws -> [String] {
        let g = try open(group)
        guard H5Iget_type(g.id) == H5I_GROUP else { throw fail(group, "is not a group") }
        var info = H5G_info_t()
        guard H5Gget_info(g.id, &info) >= 0 else { throw fail(group, "cannot list members") }
        return try (0..<info.nlinks).map { i in
            let length = H5Lget_name_by_idx(g.id, ".", H5_INDEX_NAME, H5_ITER_INC, i, nil, 0, cairn_H5P_DEFAULT())
            guard length >= 0 else { throw fail(group, "cannot read member \(i)") }
            var buffer = [CChar](repeating: 0, count: Int(length) + 1)
            H5Lget_name_by_idx(g.id, ".", H5_INDEX_NAME, H5_ITER_INC, i, &buffer, buffer.count, cairn_H5P_DEFAULT())
            return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// A dataset's dimensions and element type.
    public func datasetInfo(_ object: String) throws -> (shape: [Int], type: HDF5ElementType) {
        let d = try open(object)
        guard H5Iget_type(d.id) == H5I_DATASET else { throw fail(object, "is not a dataset") }
        let space = try HDF5Handle(H5Dget_space(d.id), fail(object, "cannot read its shape"))
        let type = try HDF5Handle(H5Dget_type(d.id), fail(object, "cannot read its type"))
        return (try shape(of: space, object), HDF5Library.elementType(of: type.id))
    }

    /// Whether a string dataset's text is in the ASCII character set (as numpy's bytes are) rather than UTF-8.
    public func stringIsASCII(_ object: String) throws -> Bool {
        let d = try open(object)
        let type = try HDF5Handle(H5Dget_type(d.id), fail(object, "cannot read its type"))
        return H5Tget_class(type.id) == H5T_STRING && H5Tget_cset(type.id) == H5T_CSET_ASCII
    }

    func shape(of space: HDF5Handle, _ object: String) throws -> [Int] {
        let rank = H5Sget_simple_extent_ndims(space.id)
        guard rank >= 0 else { throw fail(object, "cannot read its rank") }
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        H5Sget_simple_extent_dims(space.id, &dims, nil)
        return dims.map { Int($0) }
    }

    /// Rows `rows` (along the first dimension; all of them when nil) of a numeric or boolean dataset, as the
    /// buffer of its own element type — nothing is converted or narrowed.
    public func readNumeric(_ object: String, rows: Range<Int>? = nil) throws -> ColumnBuffer {
        let (d, fileSpace, memSpace, count) = try select(object, rows: rows)
        let type = try HDF5Handle(H5Dget_type(d.id), fail(object, "cannot read its type"))
        let element = HDF5Library.elementType(of: type.id)
        guard let native = HDF5Library.nativeType(element) else { throw fail(object, "holds \(element), expected numbers") }
        func read<T>(_ zero: T) throws -> [T] {
            var out = [T](repeating: zero, count: count)
            let status = out.withUnsafeMutableBytes { H5Dread(d.id, native, memSpace?.id ?? cairn_H5S_ALL(), fileSpace?.id ?? cairn_H5S_ALL(), cairn_H5P_DEFAULT(), $0.baseAddress) }
            guard status >= 0 else { throw fail(object, "cannot read values (truncated or corrupt file?)") }
            return out
        }
        switch element {
        case .integer(1, true): return .int8(try read(Int8(0)))
        case .integer(2, true): return .int16(try read(Int16(0)))
        case .integer(4, true): return .int32(try read(Int32(0)))
        case .integer(8, true): return .int64(try read(Int64(0)))
        case .integer(1, false): return .uint8(try read(UInt8(0)))
        case .integer(2, false): return .uint16(try read(UInt16(0)))
        case .integer(4, false): return .uint32(try read(UInt32(0)))
        case .integer(8, false): return .uint64(try read(UInt64(0)))
        case .float(4): return .float32(try read(Float(0)))
        case .float(8): return .float64(try read(Double(0)))
        case .boolean: return .boolean(try read(Int8(0)).map { $0 != 0 })
        default: throw fail(object, "holds \(element), expected numbers")
        }
    }

    /// A string dataset (variable or fixed length), rows `rows` (all when nil).
    public func readStrings(_ object: String, rows: Range<Int>? = nil) throws -> VarBinary {
        let (d, fileSpace, memSpace, count) = try select(object, rows: rows)
        let type = try HDF5Handle(H5Dget_type(d.id), fail(object, "cannot read its type"))
        guard H5Tget_class(type.id) == H5T_STRING else { throw fail(object, "holds \(HDF5Library.elementType(of: type.id)), expected strings") }
        let mem = try HDF5Handle(H5Tcopy(cairn_H5T_C_S1()), fail(object, "cannot make a string type"))
        if H5Tis_variable_str(type.id) > 0 {
            H5Tset_size(mem.id, cairn_H5T_VARIABLE())
            H5Tset_cset(mem.id, H5T_CSET_UTF8)
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            let status = pointers.withUnsafeMutableBytes {
                H5Dread(d.id, mem.id, memSpace?.id ?? cairn_H5S_ALL(), fileSpace?.id ?? cairn_H5S_ALL(), cairn_H5P_DEFAULT(), $0.baseAddress)
            }
            guard status >= 0 else { throw fail(object, "cannot read strings (truncated or corrupt file?)") }
            var out = VarBinary()
            for p in pointers {
                if let p { out.append(bytes: UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: strlen(p))) }
                else { out.appendEmpty() }
            }
            let reclaimSpace = try memSpace ?? (HDF5Handle(H5Dget_space(d.id), fail(object, "cannot read its shape")))
            _ = pointers.withUnsafeMutableBytes { H5Dvlen_reclaim(mem.id, reclaimSpace.id, cairn_H5P_DEFAULT(), $0.baseAddress) }
            return out
        }
        let size = H5Tget_size(type.id)
        H5Tset_size(mem.id, size)
        // numpy writes fixed strings NUL-padded, not NUL-terminated: a full-width value has no NUL.
        H5Tset_strpad(mem.id, H5T_STR_NULLPAD)
        var raw = [UInt8](repeating: 0, count: size * count)
        let status = raw.withUnsafeMutableBytes {
            H5Dread(d.id, mem.id, memSpace?.id ?? cairn_H5S_ALL(), fileSpace?.id ?? cairn_H5S_ALL(), cairn_H5P_DEFAULT(), $0.baseAddress)
        }
        guard status >= 0 else { throw fail(object, "cannot read strings (truncated or corrupt file?)") }
        var out = VarBinary()
        for i in 0..<count {
            let slot = raw[(i * size)..<((i + 1) * size)]
            let end = slot.firstIndex(of: 0) ?? slot.endIndex
            out.append(contentsOf: slot[slot.startIndex..<end])
        }
        return out
    }

    /// Opens a dataset and, for a row range, selects it in the file and makes a matching memory space.
    private func select(_ object: String, rows: Range<Int>?) throws -> (HDF5Handle, HDF5Handle?, HDF5Handle?, Int) {
        let d = try open(object)
        guard H5Iget_type(d.id) == H5I_DATASET else { throw fail(object, "is not a dataset") }
        let space = try HDF5Handle(H5Dget_space(d.id), fail(object, "cannot read its shape"))
        let dims = try shape(of: space, object)
        let perRow = dims.dropFirst().reduce(1, *)
        guard let rows else { return (d, nil, nil, dims.reduce(1, *)) }
        guard let first = dims.first, rows.lowerBound >= 0, rows.upperBound <= first else {
            throw fail(object, "rows \(rows.lowerBound)..<\(rows.upperBound) outside its \(dims.first ?? 0) rows")
        }
        var start = [hsize_t](repeating: 0, count: dims.count)
        var count = dims.map { hsize_t($0) }
        start[0] = hsize_t(rows.lowerBound)
        count[0] = hsize_t(rows.count)
        guard H5Sselect_hyperslab(space.id, H5S_SELECT_SET, start, nil, count, nil) >= 0 else {
            throw fail(object, "cannot select rows")
        }
        let memory = try HDF5Handle(H5Screate_simple(Int32(dims.count), count, nil), fail(object, "cannot make a memory space"))
        return (d, space, memory, rows.count * perRow)
    }
}
