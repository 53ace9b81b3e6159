import CSnappy
import CZlib
import CZstd

/// Page compression. Decompression trusts nothing: declared sizes are bounded, the produced size must equal
/// the page header's, and every library error becomes `ParquetError.corrupt`.
public enum PageCodec {
    /// Pages larger than this are refused (a hostile header cannot make us allocate more).
    static let maxPageBytes = 1 << 30

    public static func compress(_ input: UnsafeRawBufferPointer, codec: CompressionCodec, level: Int32 = 3) throws -> [UInt8] {
        switch codec {
        case .uncompressed:
            return Array(input)
        case .zstd:
            let bound = ZSTD_compressBound(input.count)
            var failure: String?
            let out = [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
                let n = ZstdContexts.compression.map { ZSTD_compressCCtx($0, buffer.baseAddress, bound, input.baseAddress, input.count, level) }
                    ?? ZSTD_compress(buffer.baseAddress, bound, input.baseAddress, input.count, level)
                if ZSTD_isError(n) != 0 { failure = String(cString: ZSTD_getErrorName(n)); count = 0 } else { count = n }
            }
            if let failure { throw ParquetError.invalidArgument("zstd compression failed: \(failure)") }
            return out
        case .snappy:
            var length = snappy_max_compressed_length(input.count)
            var status = SNAPPY_OK
            let out = [UInt8](unsafeUninitializedCapacity: length) { buffer, count in
                status = snappy_compress(input.baseAddress?.assumingMemoryBound(to: CChar.self), input.count,
                                         UnsafeMutableRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self), &length)
                count = status == SNAPPY_OK ? length : 0
            }
            guard status == SNAPPY_OK else { throw ParquetError.invalidArgument("snappy compression failed") }
            return out
        case .gzip:
            return try GzipCodec.compress(input)
        default:
            throw ParquetError.unsupported("compression codec \(codec)")
        }
    }

    /// zstd without match finding: each byte Huffman-coded on its own. Bit-packed small integers
    /// (dictionary indices of measurements) hold almost no repeats, and there this compresses as well as
    /// level 1 at several times its speed, and decompresses faster too. Nil when this libzstd lacks the
    /// parameters.
    public static func compressZstdEntropyOnly(_ input: [UInt8]) throws -> [UInt8]? {
        guard let context = ZstdContexts.compression, ZSTD_isError(cairn_zstd_entropy_only(context)) == 0 else { return nil }
        let bound = ZSTD_compressBound(input.count)
        var failure: String?
        let out = input.withUnsafeBytes { input in
            [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
                let n = ZSTD_compress2(context, buffer.baseAddress, bound, input.baseAddress, input.count)
                if ZSTD_isError(n) != 0 { failure = String(cString: ZSTD_getErrorName(n)); count = 0 } else { count = n }
            }
        }
        if let failure { throw ParquetError.invalidArgument("zstd compression failed: \(failure)") }
        return out
    }

    public static func compress(_ input: [UInt8], codec: CompressionCodec, level: Int32 = 3) throws -> [UInt8] {
        try input.withUnsafeBytes { try compress($0, codec: codec, level: level) }
    }

    public static func decompress(_ input: UnsafeRawBufferPointer, codec: CompressionCodec, uncompressedSize: Int) throws -> [UInt8] {
        guard uncompressedSize >= 0, uncompressedSize <= maxPageBytes else {
            throw ParquetError.corrupt("page declares \(uncompressedSize) uncompressed bytes")
        }
        switch codec {
        case .uncompressed:
            guard input.count == uncompressedSize else {
                throw ParquetError.corrupt("uncompressed page of \(input.count) bytes declares \(uncompressedSize)")
            }
            return Array(input)
        case .zstd:
            if uncompressedSize == 0 && input.isEmpty { return [] }
            var result = 0
            let out = [UInt8](unsafeUninitializedCapacity: uncompressedSize) { buffer, count in
                result = ZstdContexts.decompression.map { ZSTD_decompressDCtx($0, buffer.baseAddress, uncompressedSize, input.baseAddress, input.count) }
                    ?? ZSTD_decompress(buffer.baseAddress, uncompressedSize, input.baseAddress, input.count)
                count = ZSTD_isError(result) != 0 ? 0 : result
            }
            if ZSTD_isError(result) != 0 { throw ParquetError.corrupt("zstd page: \(String(cString: ZSTD_getErrorName(result)))") }
            guard result == uncompressedSize else { throw ParquetError.corrupt("zstd page holds \(result) bytes, header says \(uncompressedSize)") }
            return out
        case .snappy:
            let source = input.baseAddress?.assumingMemoryBound(to: CChar.self)
            var length = 0
            guard snappy_uncompressed_length(source, input.count, &length) == SNAPPY_OK,
                  snappy_validate_compressed_buffer(source, input.count) == SNAPPY_OK else {
                throw ParquetError.corrupt("invalid snappy page")
            }
            guard length == uncompressedSize else { throw ParquetError.corrupt("snappy page holds \(length) bytes, header says \(uncompressedSize)") }
            var status = SNAPPY_OK
            let out = [UInt8](unsafeUninitializedCapacity: length) { buffer, count in
                var produced = length
                status = snappy_uncompress(source, input.count,
                                           UnsafeMutableRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self), &produced)
                count = status == SNAPPY_OK ? produced : 0
            }
            guard status == SNAPPY_OK, out.count == uncompressedSize else { throw ParquetError.corrupt("invalid snappy page") }
            return out
        case .gzip:
            return try GzipCodec.decompress(input, uncompressedSize: uncompressedSize)
        default:
            throw ParquetError.unsupported("compression codec \(codec)")
        }
    }

    /// Decompresses into `out`, reusing its storage when it is not shared (a reader's scratch buffer).
    static func decompress(_ input: UnsafeRawBufferPointer, codec: CompressionCodec, uncompressedSize: Int,
                           into out: inout [UInt8]) throws {
        guard codec == .zstd, uncompressedSize > 0, uncompressedSize <= maxPageBytes, let context = ZstdContexts.decompression else {
            out = try decompress(input, codec: codec, uncompressedSize: uncompressedSize)
            return
        }
        if out.count < uncompressedSize { out = [UInt8](repeating: 0, count: uncompressedSize) }
        let result = out.withUnsafeMutableBytes { buffer in
            ZSTD_decompressDCtx(context, buffer.baseAddress, uncompressedSize, input.baseAddress, input.count)
        }
        if ZSTD_isError(result) != 0 { throw ParquetError.corrupt("zstd page: \(String(cString: ZSTD_getErrorName(result)))") }
        guard result == uncompressedSize else { throw ParquetError.corrupt("zstd page holds \(result) bytes, header says \(uncompressedSize)") }
    }

    public static func decompress(_ input: [UInt8], codec: CompressionCodec, uncompressedSize: Int) throws -> [UInt8] {
        try input.withUnsafeBytes { try decompress($0, codec: codec, uncompressedSize: uncompressedSize) }
    }
}
