import CHDF5
#if canImport(Glibc)
import Glibc
#endif
import Columnar

/// Writes an HDF5 file the way h5py does for AnnData: groups, string and numeric attributes, numeric
/// datasets (written whole or in row ranges) and variable-length UTF-8 string datasets.
public final class HDF5Writer {
    public let path: String
    let handle: HDF5Handle
    /// Datasets written in many pieces, kept open between writes (opening by path on every write of a
    /// matrix's half-MB pieces cost more than the write's own bookkeeping); closed by `closeOpenDatasets`.
    private var openDatasets: [String: (dataset: HDF5Handle, space: HDF5Handle)] = [:]

    /// Creates (or truncates) the file.
    public init(path: String) throws {
        try HDF5Library.load()
        self.path = path
        handle = try HDF5Handle(H5Fcreate(path, cairn_H5F_ACC_TRUNC(), cairn_H5P_DEFAULT(), cairn_H5P_DEFAULT()),
                                HDF5Error("\(path): cannot create HDF5 file"))
    }

    func fail(_ object: String, _ what: String) -> HDF5Error { HDF5Error("\(path): \(object): \(what)") }

    public func createGroup(_ object: String) throws {
        _ = try HDF5Handle(H5Gcreate2(handle.id, object, cairn_H5P_DEFAULT(), cairn_H5P_DEFAULT(), cairn_H5P_DEFAULT()),
                           fail(object, "cannot create group"))
    }

    private func open(_ object: String) throws -> HDF5Handle {
        try HDF5Handle(H5Oopen(handle.id, object, cairn_H5P_DEFAULT()), fail(object, "cannot open"))
    }

    private func utf8StringType(variable: Bool = true) throws -> HDF5Handle {
        let type = try HDF5Handle(H5Tcopy(cairn_H5T_C_S1()), HDF5Error("\(path): cannot make a string type"))
        H5Tset_size(type.id, cairn_H5T_VARIABLE())
        H5Tset_cset(type.id, H5T_CSET_UTF8)
        return type
    }

    /// A scalar UTF-8 string attribute.
    public func setAttribute(_ name: String, of object: String, string value: String) throws {
        let o = try open(object)
        let type = try utf8StringType()
        let space = try HDF5Handle(H5Screate(H5S_SCALAR), fail(object, "cannot make a space"))
        let a = try HDF5Handle(H5Acreate2(o.id, name, type.id, space.id, cairn_H5P_DEFAULT(), cairn_H5P_DEFAULT()), fail(object, "cannot create attribute \(name)"))
        try value.withCString { pointer in
            var p: UnsafePointer<CChar>? = pointer
            guard H5Awrite(a.id, type.id, &p) >= 0 else { throw fail(object, "cannot write attribute \(name)") }
        }
    }

    /// A 1-D array of UTF-8 strings as an attribute (anndata's `column-order`).
    public func setAttribute(_ name: String, of object: String, strings values: [String]) throws {
        let o = try open(object)
        let type = try utf8StringType()
        var dims = [hsize_t(values.count)]
        let space = try HDF5Handle(H5Screate_simple(1, &dims, nil), fail(object, "cannot make a space"))
        let a = try HDF5Handle(H5Acreate2(o.id, name, type.id, space.id, cairn_H5P_DEFAULT(), cairn_H5P_DEFAULT()), fail(object, "cannot create attribute \(name)"))
        let copies = values.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        var pointers = copies.map { UnsafePointer($0) }
        guard pointers.withUnsafeMutableBytes({ H5Awrite(a.id, type.id, $0.baseAddress) }) >= 0 else { throw fail(object, "cannot write attribute \(name)") }
    }

    /// Integer attribute (anndata's `shape`).
    public func setAttribute(_ name: String, of object: String, integers values: [Int64]) throws {
        let o = try open(object)
        var dims = [hsize_t(values.count)]
        let space = try HDF5Handle(H5Screate_simple(1, &dims, nil), fail(object, "cannot make a space"))
        let a = try HDF5Handle(H5Acreate2(o.id, name, cairn_H5T_NATIVE_INT64(), space.id, cairn_H5P_DEFAULT(), cairn_H5P_DEFAULT()), fail(object, "cannot create attribute \(name)"))
        var copy = values
        guard copy.withUnsafeMutableBytes({ H5Awrite(a.id, cairn_H5T_NATIVE_INT64(), $0.baseAddress) }) >= 0 else { throw fail(object, "cannot write attribute \(name)") }
    }

    /// Floating-point attribute.
    public func setAttribute(_ name: String, of object: String, floats values: [Double]) throws {
        let o = try open(object)
        var dims = [hsize_t(values.count)]
        let space = try HDF5Handle(H5Screate_simple(1, &dims, nil), fail(object, "cannot make a space"))
        let a = try HDF5Handle(H5Acreate2(o.id, name, cairn_H5T_NATIVE_DOUBLE(), space.id, cairn_H5P_DEFAULT(), cairn_H5P_DEFAULT()), fail(object, "cannot create attribute \(name)"))
        var copy = values
        guard copy.withUnsafeMutableBytes({ H5Awrite(a.id, cairn_H5T_NATIVE_DOUBLE(), $0.baseAddress) }) >= 0 else { throw fail(object, "cannot write attribute \(name)") }
    }

    /// A dataspace of `shape`; scalar when `shape` is empty.
    func space(_ shape: [Int], _ object: String) throws -> HDF5Handle {
        if shape.isEmpty { return try HDF5Handle(H5Screate(H5S_SCALAR), fail(object, "cannot make a space")) }
        var dims = shape.map { hsize_t($0) }
        return try HDF5Handle(H5Screate_simple(Int32(dims.count), &dims, nil), fail(object, "cannot make a space"))
    }

    /// A numeric dataset of any shape, written whole.
    public func createDataset(_ object: String, like values: ColumnBuffer, shape: [Int]) throws {
        let type = try fileType(values, object)
        let space = try space(shape, object)
        let d = try HDF5Handle(H5Dcreate2(handle.id, object, type.id, space.id, cairn_H5P_DEFAULT(), cairn_H5P_DEFAULT(), cairn_H5P_DEFAULT()),
                               fail(object, "cannot create dataset"))
        guard values.count == shape.reduce(1, *) else { throw fail(object, "\(values.count) values for shape \(shape)") }
        try put(values, dataset: d, type: type, memory: cairn_H5S_ALL(), file: cairn_H5S_ALL(), object)
    }

    /// H5Dwrite of a buffer's values (booleans as the int8 enum) into a selection.
    private func put(_ values: ColumnBuffer, dataset d: HDF5Handle, type: HDF5Handle, memory: hid_t, file: hid_t, _ object: String) throws {
        func write<T>(_ array: [T]) throws {
            guard array.withUnsafeBytes({ H5Dwrite(d.id, type.id, memory, file, cairn_H5P_DEFAULT(), $0.baseAddress) }) >= 0 else {
                throw fail(object, "cannot write values")
            }
        }
        switch values {
        case .boolean(let v): try write(v.map { Int8($0 ? 1 : 0) })
        case .int8(let v): try write(v)
        case .int16(let v): try write(v)
        case .int32(let v): try write(v)
        case .int64(let v): try write(v)
        case .uint8(let v): try write(v)
        case .uint16(let v): try write(v)
        case .uint32(let v): try write(v)
        case .uint64(let v): try write(v)
        case .float32(let v): try write(v)
        case .float64(let v): try write(v)
        case .bytes: throw fail(object, "strings go through writeStrings")
        }
    }

    /// A scalar boolean attribute, stored as h5py stores numpy booleans (an enum over int8).
    public func setAttribute(_ name: String, of object: String, boolean value: Bool) throws {
        let o = try open(object)
        let type = try booleanType()
        let space = try HDF5Handle(H5Screate(H5S_SCALAR), fail(object, "cannot make a space"))
        let a = try HDF5Handle(H5Acreate2(o.id, name, type.id, space.id, cairn_H5P_DEFAULT(), cairn_H5P_DEFAULT()), fail(object, "cannot create attribute \(name)"))
        var byte: Int8 = value ? 1 : 0
        guard H5Awrite(a.id, type.id, &byte) >= 0 else { throw fail(object, "cannot write attribute \(name)") }
    }

    private func booleanType() throws -> HDF5Handle {
        let type = try HDF5Handle(H5Tenum_create(cairn_H5T_NATIVE_INT8()), HDF5Error("\(path): cannot make a boolean type"))
        var no: Int8 = 0, yes: Int8 = 1
        H5Tenum_insert(type.id, "FALSE", &no)
        H5Tenum_insert(type.id, "TRUE", &yes)
        return type
    }

    /// Creates a numeric dataset of `count` elements of the buffer kind's type, and writes `values`
    /// (which may be shorter: the rest is written later with `write(_:into:at:)`).
    public func createDataset(_ object: String, like values: ColumnBuffer, count: Int) throws {
        let type = try fileType(values, object)
        var dims = [hsize_t(count)]
        let space = try HDF5Handle(H5Screate_simple(1, &dims, nil), fail(object, "cannot make a space"))
        _ = try HDF5Handle(H5Dcreate2(handle.id, object, type.id, space.id, cairn_H5P_DEFAULT(), cairn_H5P_DEFAULT(), cairn_H5P_DEFAULT()),
                           fail(object, "cannot create dataset"))
        if values.count > 0 { try write(values, into: object, at: 0) }
    }

    /// Writes `values` into a 1-D numeric dataset starting at element `offset`.
    public func write(_ values: ColumnBuffer, into object: String, at offset: Int) throws {
        try write(values, into: object, at: offset, type: fileType(values, object))
    }

    /// Writes unsigned 32-bit values into a signed 32-bit dataset (anndata's indices) as they are: the
    /// caller guarantees each is below 2^31, so HDF5 copies the bits instead of converting every element.
    public func write(int32BitsOf values: [UInt32], into object: String, at offset: Int) throws {
        try write(.uint32(values), into: object, at: offset, type: HDF5Handle(H5Tcopy(cairn_H5T_NATIVE_INT32()), fail(object, "cannot copy a type")))
    }

    /// Closes the datasets kept open by piecewise writes.
    public func closeOpenDatasets() { openDatasets = [:] }

    /// One H5Dwrite of `values`, described in memory as `type`, at element `offset` of a 1-D dataset.
    private func write(_ values: ColumnBuffer, into object: String, at offset: Int, type: HDF5Handle) throws {
        if openDatasets[object] == nil {
            let d = try open(object)
            openDatasets[object] = (d, try HDF5Handle(H5Dget_space(d.id), fail(object, "cannot read its shape")))
        }
        let (d, fileSpace) = openDatasets[object]!
        var start = [hsize_t(offset)], count = [hsize_t(values.count)]
        guard H5Sselect_hyperslab(fileSpace.id, H5S_SELECT_SET, &start, nil, &count, nil) >= 0 else { throw fail(object, "cannot select elements") }
        let memory = try HDF5Handle(H5Screate_simple(1, &count, nil), fail(object, "cannot make a memory space"))
        try put(values, dataset: d, type: type, memory: memory.id, file: fileSpace.id, object)
    }

    func fileType(_ values: ColumnBuffer, _ object: String) throws -> HDF5Handle {
        let native: hid_t
        switch values {
        case .boolean: return try booleanType()
        case .int8: native = cairn_H5T_NATIVE_INT8()
        case .int16: native = cairn_H5T_NATIVE_INT16()
        case .int32: native = cairn_H5T_NATIVE_INT32()
        case .int64: native = cairn_H5T_NATIVE_INT64()
        case .uint8: native = cairn_H5T_NATIVE_UINT8()
        case .uint16: native = cairn_H5T_NATIVE_UINT16()
        case .uint32: native = cairn_H5T_NATIVE_UINT32()
        case .uint64: native = cairn_H5T_NATIVE_UINT64()
        case .float32: native = cairn_H5T_NATIVE_FLOAT()
        case .float64: native = cairn_H5T_NATIVE_DOUBLE()
        case .bytes: throw fail(object, "strings go through writeStrings")
        }
        return try HDF5Handle(H5Tcopy(native), fail(object, "cannot copy a type"))
    }

    /// A string dataset (1-D unless `shape` says otherwise; [] is a scalar): variable-length UTF-8 as h5py
    /// writes Python strings, or `width`-byte NUL-padded as numpy writes bytes (ASCII when `ascii`).
    public func writeStrings(_ object: String, _ values: VarBinary, shape: [Int]? = nil, width: Int? = nil, ascii: Bool = false) throws {
        let type = try stringType(width: width, ascii: ascii)
        let space = try space(shape ?? [values.count], object)
        let d = try HDF5Handle(H5Dcreate2(handle.id, object, type.id, space.id, cairn_H5P_DEFAULT(), cairn_H5P_DEFAULT(), cairn_H5P_DEFAULT()),
                               fail(object, "cannot create dataset"))
        let status: herr_t
        if let width {
            let raw = HDF5Writer.fixedWidth(values, width: width)
            status = raw.withUnsafeBytes { H5Dwrite(d.id, type.id, cairn_H5S_ALL(), cairn_H5S_ALL(), cairn_H5P_DEFAULT(), $0.baseAddress) }
        } else {
            let copies = HDF5Writer.terminatedCopies(values)
            defer { copies.deallocate() }
            var pointers = copies.pointers
            status = pointers.withUnsafeMutableBytes { H5Dwrite(d.id, type.id, cairn_H5S_ALL(), cairn_H5S_ALL(), cairn_H5P_DEFAULT(), $0.baseAddress) }
        }
        guard status >= 0 else { throw fail(object, "cannot write strings") }
    }

    /// Text of `width` bytes (fixed) or variable length, in the ASCII or UTF-8 character set.
    func stringType(width: Int?, ascii: Bool) throws -> HDF5Handle {
        let type = try HDF5Handle(H5Tcopy(cairn_H5T_C_S1()), HDF5Error("\(path): cannot make a string type"))
        if let width {
            guard width > 0 else { throw HDF5Error("\(path): fixed-width strings of \(width) bytes") }
            H5Tset_size(type.id, width)
            H5Tset_strpad(type.id, H5T_STR_NULLPAD)
        } else {
            H5Tset_size(type.id, cairn_H5T_VARIABLE())
        }
        H5Tset_cset(type.id, ascii ? H5T_CSET_ASCII : H5T_CSET_UTF8)
        return type
    }

    /// Each value in `width` bytes, NUL-padded (cut at `width`, as numpy would have stored it).
    static func fixedWidth(_ values: VarBinary, width: Int) -> [UInt8] {
        var raw = [UInt8](repeating: 0, count: width * values.count)
        for i in 0..<values.count {
            let bytes = values.bytes[values.byteRange(i)].prefix(width)
            raw.replaceSubrange((i * width)..<(i * width + bytes.count), with: bytes)
        }
        return raw
    }

    /// NUL-terminated copies of every value in one allocation, and a pointer to each (what HDF5 reads
    /// variable-length strings from); the caller deallocates.
    static func terminatedCopies(_ values: VarBinary) -> (pointers: [UnsafePointer<CChar>?], deallocate: () -> Void) {
        let storage = UnsafeMutableRawPointer.allocate(byteCount: values.bytes.count + values.count, alignment: 1)
        var pointers = [UnsafePointer<CChar>?]()
        pointers.reserveCapacity(values.count)
        values.bytes.withUnsafeBytes { source in
            var at = 0
            for i in 0..<values.count {
                let range = values.byteRange(i)
                if !range.isEmpty { (storage + at).copyMemory(from: source.baseAddress! + range.lowerBound, byteCount: range.count) }
                storage.storeBytes(of: 0, toByteOffset: at + range.count, as: UInt8.self)
                pointers.append(UnsafePointer((storage + at).assumingMemoryBound(to: CChar.self)))
                at += range.count + 1
            }
        }
        return (pointers, { storage.deallocate() })
    }
}
