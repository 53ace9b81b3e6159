import Columnar

/// Decodes the values section of one data page, in any encoding cairn reads, onto the end of its column
/// chunk's values.
struct PageValueDecoder {
    let descriptor: ColumnDescriptor

    /// Dictionary values, from the chunk's dictionary page.
    func decodeDictionary(_ bytes: UnsafeRawBufferPointer, count: Int) throws -> PhysicalValues {
        try decodePlain(bytes, count: count)
    }

    /// Decodes a page's values onto the end of `values` (of this column's physical kind), so that a column
    /// chunk's pages land in one array without a copy to join them.
    func decode(_ bytes: UnsafeRawBufferPointer, count: Int, encoding: Encoding, dictionary: PhysicalValues?,
                appendingTo values: inout PhysicalValues) throws {
        let physical = descriptor.physicalType
        // Each case takes the array out of `values` (leaving it empty, so the array stays uniquely
        // referenced and grows in place), appends, and puts it back, also when decoding throws.
        func into<T>(_ extract: (PhysicalValues) -> [T]?, _ wrap: ([T]) -> PhysicalValues,
                     _ body: (inout [T]) throws -> Void) throws {
            guard var array = extract(values) else {
                throw ParquetError.corrupt("column '\(descriptor.field.name)': pages decode to different types")
            }
            values = wrap([])
            defer { values = wrap(array) }
            try body(&array)
        }
        func intoBytes(_ body: (inout VarBinary) throws -> Void) throws {
            guard case .bytes(var array) = values else {
                throw ParquetError.corrupt("column '\(descriptor.field.name)': pages decode to different types")
            }
            values = .bytes(VarBinary())
            defer { values = .bytes(array) }
            try body(&array)
        }
        let int32s: (PhysicalValues) -> [Int32]? = { if case .int32(let v) = $0 { v } else { nil } }
        let int64s: (PhysicalValues) -> [Int64]? = { if case .int64(let v) = $0 { v } else { nil } }
        let floats: (PhysicalValues) -> [Float]? = { if case .float(let v) = $0 { v } else { nil } }
        let doubles: (PhysicalValues) -> [Double]? = { if case .double(let v) = $0 { v } else { nil } }
        let booleans: (PhysicalValues) -> [Bool]? = { if case .boolean(let v) = $0 { v } else { nil } }
        switch encoding {
        case .plain:
            try decodePlain(bytes, count: count, appendingTo: &values)
        case .rleDictionary, .plainDictionary:
            guard let dictionary else {
                throw ParquetError.corrupt("column '\(descriptor.field.name)': dictionary-encoded page without a dictionary page")
            }
            // Fixed-width values are looked up run by run; byte arrays through the indices.
            switch dictionary {
            case .boolean(let d): try into(booleans, PhysicalValues.boolean) { try DictionaryDecoder.decodeIndexStream(bytes, count: count, dictionary: d, into: &$0) }
            case .int32(let d): try into(int32s, PhysicalValues.int32) { try DictionaryDecoder.decodeIndexStream(bytes, count: count, dictionary: d, into: &$0) }
            case .int64(let d): try into(int64s, PhysicalValues.int64) { try DictionaryDecoder.decodeIndexStream(bytes, count: count, dictionary: d, into: &$0) }
            case .float(let d): try into(floats, PhysicalValues.float) { try DictionaryDecoder.decodeIndexStream(bytes, count: count, dictionary: d, into: &$0) }
            case .double(let d): try into(doubles, PhysicalValues.double) { try DictionaryDecoder.decodeIndexStream(bytes, count: count, dictionary: d, into: &$0) }
            case .bytes(let d):
                var indices: [UInt32] = []
                try RLEHybridDecoder.decodeDictionaryIndices(bytes, count: count, into: &indices)
                try indices.withUnsafeBufferPointer { idx in try intoBytes { try DictionaryDecoder.gather(d, indices: idx, into: &$0) } }
            }
        case .deltaBinaryPacked where physical == .int32:
            try into(int32s, PhysicalValues.int32) { try DeltaBinaryPackedDecoder.decode(bytes, count: count, into: &$0) }
        case .deltaBinaryPacked where physical == .int64:
            try into(int64s, PhysicalValues.int64) { try DeltaBinaryPackedDecoder.decode(bytes, count: count, into: &$0) }
        case .deltaLengthByteArray where physical == .byteArray:
            try intoBytes { try DeltaByteArrayDecoder.decodeDeltaLength(bytes, count: count, into: &$0) }
        case .deltaByteArray where physical == .byteArray || physical == .fixedLenByteArray:
            try intoBytes { try DeltaByteArrayDecoder.decodeDeltaByteArray(bytes, count: count, into: &$0) }
        case .byteStreamSplit:
            switch physical {
            case .float: try into(floats, PhysicalValues.float) { try ByteStreamSplitDecoder.decode(bytes, count: count, into: &$0) }
            case .double: try into(doubles, PhysicalValues.double) { try ByteStreamSplitDecoder.decode(bytes, count: count, into: &$0) }
            case .int32: try into(int32s, PhysicalValues.int32) { try ByteStreamSplitDecoder.decode(bytes, count: count, into: &$0) }
            case .int64: try into(int64s, PhysicalValues.int64) { try ByteStreamSplitDecoder.decode(bytes, count: count, into: &$0) }
            case .fixedLenByteArray:
                try intoBytes { try ByteStreamSplitDecoder.decodeFixedLength(bytes, count: count, width: descriptor.typeLength, into: &$0) }
            default: throw unsupported(encoding)
            }
        case .rle where physical == .boolean:
            let decoded = try LevelDecoder.decodeValidity(bytes, count: count, lengthPrefixed: true).isValid
            try into(booleans, PhysicalValues.boolean) { $0.append(contentsOf: decoded) }
        default:
            throw unsupported(encoding)
        }
    }

    private func decodePlain(_ bytes: UnsafeRawBufferPointer, count: Int) throws -> PhysicalValues {
        var values = PhysicalValues.empty(for: descriptor.physicalType)
        try decodePlain(bytes, count: count, appendingTo: &values)
        return values
    }

    private func decodePlain(_ bytes: UnsafeRawBufferPointer, count: Int, appendingTo values: inout PhysicalValues) throws {
        let mismatch = ParquetError.corrupt("column '\(descriptor.field.name)': pages decode to different types")
        switch (descriptor.physicalType, values) {
        case (.boolean, .boolean(var v)):
            values = .boolean([]); defer { values = .boolean(v) }
            try PlainDecoder.decode(bytes, count: count, into: &v)
        case (.int32, .int32(var v)):
            values = .int32([]); defer { values = .int32(v) }
            try PlainDecoder.decode(bytes, count: count, into: &v)
        case (.int64, .int64(var v)):
            values = .int64([]); defer { values = .int64(v) }
            try PlainDecoder.decode(bytes, count: count, into: &v)
        case (.int96, .int64(var v)):
            values = .int64([]); defer { values = .int64(v) }
            try PlainDecoder.decodeInt96Timestamps(bytes, count: count, into: &v)
        case (.float, .float(var v)):
            values = .float([]); defer { values = .float(v) }
            try PlainDecoder.decode(bytes, count: count, into: &v)
        case (.double, .double(var v)):
            values = .double([]); defer { values = .double(v) }
            try PlainDecoder.decode(bytes, count: count, into: &v)
        case (.byteArray, .bytes(var v)):
            values = .bytes(VarBinary()); defer { values = .bytes(v) }
            try PlainDecoder.decode(bytes, count: count, into: &v)
        case (.fixedLenByteArray, .bytes(var v)):
            values = .bytes(VarBinary()); defer { values = .bytes(v) }
            try PlainDecoder.decodeFixedLength(bytes, count: count, width: descriptor.typeLength, into: &v)
        case (.boolean, _), (.int32, _), (.int64, _), (.int96, _), (.float, _), (.double, _), (.byteArray, _), (.fixedLenByteArray, _):
            throw mismatch
        default: throw ParquetError.unsupported("physical type \(descriptor.physicalType) of column '\(descriptor.field.name)'")
        }
    }

    private func unsupported(_ encoding: Encoding) -> ParquetError {
        .unsupported("encoding \(encoding) for column '\(descriptor.field.name)' (\(descriptor.physicalType))")
    }
}
