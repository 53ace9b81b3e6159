import CHDF5
import Columnar

/// Compound (structured-array) datasets, as anndata < 0.7 and numpy record arrays in uns store them.
extension HDF5Writer {
    /// One field of the records of a compound dataset.
    public struct CompoundField {
        public var name: String
        /// Every record's value in record order (an array field's elements row-major within each record).
        public var values: ColumnBuffer
        /// An array field's dimensions within each record; [] for one value.
        public var dims: [Int]
        /// Strings: their fixed width in bytes, or nil for variable-length.
        public var width: Int?
        public var ascii: Bool

        public init(name: String, values: ColumnBuffer, dims: [Int] = [], width: Int? = nil, ascii: Bool = false) {
            (self.name, self.values, self.dims, self.width, self.ascii) = (name, values, dims, width, ascii)
        }
    }

    /// A compound dataset of `shape` records, the fields packed in order, written whole.
    public func createCompoundDataset(_ object: String, shape: [Int], fields: [CompoundField]) throws {
        let records = shape.reduce(1, *)
        var types: [HDF5Handle] = []
        var offsets: [Int] = []
        var size = 0
        for field in fields {
            let per = field.dims.reduce(1, *)
            guard field.values.count == records * per else {
                throw fail(object, "field '\(field.name)' has \(field.values.count) values for \(records) records of \(per)")
            }
            let element = if case .bytes = field.values { try stringType(width: field.width, ascii: field.ascii) }
                else { try fileType(field.values, object) }
            var dims = field.dims.map { hsize_t($0) }
            types.append(field.dims.isEmpty ? element
                : try HDF5Handle(H5Tarray_create2(element.id, UInt32(dims.count), &dims), fail(object, "cannot make an array type")))
            offsets.append(size)
            size += H5Tget_size(types.last!.id)
        }
        let type = try HDF5Handle(H5Tcreate(H5T_COMPOUND, max(1, size)), fail(object, "cannot make a compound type"))
        for (i, field) in fields.enumerated() {
            guard H5Tinsert(type.id, field.name, offsets[i], types[i].id) >= 0 else { throw fail(object, "cannot add field '\(field.name)'") }
        }

        // The records in memory, each field's bytes at its offset; variable-length strings as pointers.
        var raw = [UInt8](repeating: 0, count: size * records)
        var releases: [() -> Void] = []
        defer { releases.forEach { $0() } }
        for (i, field) in fields.enumerated() {
            let fieldSize = H5Tget_size(types[i].id)
            let bytes: [UInt8]
            if case .bytes(let text) = field.values {
                if let width = field.width {
                    bytes = HDF5Writer.fixedWidth(text, width: width)
                } else {
                    let copies = HDF5Writer.terminatedCopies(text)
                    releases.append(copies.deallocate)
                    bytes = copies.pointers.withUnsafeBytes { Array($0) }
                }
            } else {
                bytes = HDF5Writer.rawBytes(field.values)
            }
            for r in 0..<records {
                raw.replaceSubrange((r * size + offsets[i])..<(r * size + offsets[i] + fieldSize),
                                    with: bytes[(r * fieldSize)..<((r + 1) * fieldSize)])
            }
        }
        let space = try space(shape, object)
        let d = try HDF5Handle(H5Dcreate2(handle.id, object, type.id, space.id, cairn_H5P_DEFAULT(), cairn_H5P_DEFAULT(), cairn_H5P_DEFAULT()),
                               fail(object, "cannot create dataset"))
        guard raw.withUnsafeBytes({ H5Dwrite(d.id, type.id, cairn_H5S_ALL(), cairn_H5S_ALL(), cairn_H5P_DEFAULT(), $0.baseAddress) }) >= 0 else {
            throw fail(object, "cannot write records")
        }
    }

    /// A numeric buffer's values as native bytes (booleans as int8, h5py's enum base).
    static func rawBytes(_ values: ColumnBuffer) -> [UInt8] {
        func raw<T>(_ v: [T]) -> [UInt8] { v.withUnsafeBytes { Array($0) } }
        switch values {
        case .boolean(let v): return v.map { $0 ? 1 : 0 }
        case .int8(let v): return raw(v)
        case .int16(let v): return raw(v)
        case .int32(let v): return raw(v)
        case .int64(let v): return raw(v)
        case .uint8(let v): return raw(v)
        case .uint16(let v): return raw(v)
        case .uint32(let v): return raw(v)
        case .uint64(let v): return raw(v)
        case .float32(let v): return raw(v)
        case .float64(let v): return raw(v)
        case .bytes: return []
        }
    }
}
