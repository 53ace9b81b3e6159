import Columnar

/// Decodes the values section of one data page, in any encoding cairn reads, into fresh arrays (a chunk's
/// pages are concatenated once at the end, so no page copies what came before it).
struct PageValueDecoder {
    let descriptor: ColumnDescriptor

    /// Dictionary values, from the chunk's dictionary page.
    func decodeDictionary(_ bytes: UnsafeRawBufferPointer, count: Int) throws -> PhysicalValues {
        try decodePlain(bytes, count: count)
    }

    func decode(_ bytes: UnsafeRawBufferPointer, count: Int, encoding: Encoding, dictionary: PhysicalValues?) throws -> PhysicalValues {
        let physical = descriptor.physicalType
        switch encoding {
        case .plain:
            return try decodePlain(bytes, count: count)
        case .rleDictionary, .plainDictionary:
            guard let dictionary else {
                throw ParquetError.corrupt("column '\(descriptor.field.name)': dictionary-encoded page without a dictionary page")
            }
            var indices: [UInt32] = []
            try RLEHybridDecoder.decodeDictionaryIndices(bytes, count: count, into: &indices)
            return try indices.withUnsafeBufferPointer { idx in
                switch dictionary {
                case .boolean(let d): var v: [Bool] = []; try DictionaryDecoder.gather(d, indices: idx, into: &v); return .boolean(v)
                case .int32(let d): var v: [Int32] = []; try DictionaryDecoder.gather(d, indices: idx, into: &v); return .int32(v)
                case .int64(let d): var v: [Int64] = []; try DictionaryDecoder.gather(d, indices: idx, into: &v); return .int64(v)
                case .float(let d): var v: [Float] = []; try DictionaryDecoder.gather(d, indices: idx, into: &v); return .float(v)
                case .double(let d): var v: [Double] = []; try DictionaryDecoder.gather(d, indices: idx, into: &v); return .double(v)
                case .bytes(let d): var v = VarBinary(); try DictionaryDecoder.gather(d, indices: idx, into: &v); return .bytes(v)
                }
            }
        case .deltaBinaryPacked where physical == .int32:
            var v: [Int32] = []; try DeltaBinaryPackedDecoder.decode(bytes, count: count, into: &v); return .int32(v)
        case .deltaBinaryPacked where physical == .int64:
            var v: [Int64] = []; try DeltaBinaryPackedDecoder.decode(bytes, count: count, into: &v); return .int64(v)
        case .deltaLengthByteArray where physical == .byteArray:
            var v = VarBinary(); try DeltaByteArrayDecoder.decodeDeltaLength(bytes, count: count, into: &v); return .bytes(v)
        case .deltaByteArray where physical == .byteArray || physical == .fixedLenByteArray:
            var v = VarBinary(); try DeltaByteArrayDecoder.decodeDeltaByteArray(bytes, count: count, into: &v); return .bytes(v)
        case .byteStreamSplit:
            switch physical {
            case .float: var v: [Float] = []; try ByteStreamSplitDecoder.decode(bytes, count: count, into: &v); return .float(v)
            case .double: var v: [Double] = []; try ByteStreamSplitDecoder.decode(bytes, count: count, into: &v); return .double(v)
            case .int32: var v: [Int32] = []; try ByteStreamSplitDecoder.decode(bytes, count: count, into: &v); return .int32(v)
            case .int64: var v: [Int64] = []; try ByteStreamSplitDecoder.decode(bytes, count: count, into: &v); return .int64(v)
            case .fixedLenByteArray:
                var v = VarBinary()
                try ByteStreamSplitDecoder.decodeFixedLength(bytes, count: count, width: descriptor.typeLength, into: &v)
                return .bytes(v)
            default: throw unsupported(encoding)
            }
        case .rle where physical == .boolean:
            return .boolean(try LevelDecoder.decodeValidity(bytes, count: count, lengthPrefixed: true).isValid)
        default:
            throw unsupported(encoding)
        }
    }

    private func decodePlain(_ bytes: UnsafeRawBufferPointer, count: Int) throws -> PhysicalValues {
        switch descriptor.physicalType {
        case .boolean: var v: [Bool] = []; try PlainDecoder.decode(bytes, count: count, into: &v); return .boolean(v)
        case .int32: var v: [Int32] = []; try PlainDecoder.decode(bytes, count: count, into: &v); return .int32(v)
        case .int64: var v: [Int64] = []; try PlainDecoder.decode(bytes, count: count, into: &v); return .int64(v)
        case .int96: var v: [Int64] = []; try PlainDecoder.decodeInt96Timestamps(bytes, count: count, into: &v); return .int64(v)
        case .float: var v: [Float] = []; try PlainDecoder.decode(bytes, count: count, into: &v); return .float(v)
        case .double: var v: [Double] = []; try PlainDecoder.decode(bytes, count: count, into: &v); return .double(v)
        case .byteArray: var v = VarBinary(); try PlainDecoder.decode(bytes, count: count, into: &v); return .bytes(v)
        case .fixedLenByteArray:
            var v = VarBinary()
            try PlainDecoder.decodeFixedLength(bytes, count: count, width: descriptor.typeLength, into: &v)
            return .bytes(v)
        default: throw ParquetError.unsupported("physical type \(descriptor.physicalType) of column '\(descriptor.field.name)'")
        }
    }

    private func unsupported(_ encoding: Encoding) -> ParquetError {
        .unsupported("encoding \(encoding) for column '\(descriptor.field.name)' (\(descriptor.physicalType))")
    }
}
