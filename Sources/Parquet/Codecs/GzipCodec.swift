import CZlib

/// GZIP pages through zlib: gzip framing when writing; gzip or zlib framing (and concatenated members)
/// when reading, as other writers produce both.
enum GzipCodec {
    static func compress(_ input: UnsafeRawBufferPointer) throws -> [UInt8] {
        var stream = z_stream()
        // windowBits 15 + 16: gzip header and trailer.
        guard deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ParquetError.invalidArgument("gzip: deflateInit failed")
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.count))) + 32
        var status = Z_OK
        let out = [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(input.count)
            stream.next_out = buffer.baseAddress
            stream.avail_out = uInt(bound)
            status = deflate(&stream, Z_FINISH)
            count = Int(stream.total_out)
        }
        guard status == Z_STREAM_END else { throw ParquetError.invalidArgument("gzip: deflate failed (\(status))") }
        return out
    }

    static func decompress(_ input: UnsafeRawBufferPointer, uncompressedSize: Int) throws -> [UInt8] {
        var failure: String?
        let out = [UInt8](unsafeUninitializedCapacity: uncompressedSize) { buffer, count in
            count = 0
            var consumed = 0
            // Each iteration inflates one gzip/zlib member; a page may hold several.
            while consumed < input.count && failure == nil {
                var stream = z_stream()
                guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                    failure = "inflateInit failed"; break
                }
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress!.advanced(by: consumed).assumingMemoryBound(to: Bytef.self))
                stream.avail_in = uInt(input.count - consumed)
                stream.next_out = buffer.baseAddress?.advanced(by: count)
                stream.avail_out = uInt(uncompressedSize - count)
                let status = inflate(&stream, Z_FINISH)
                let produced = Int(stream.total_out), used = Int(stream.total_in)
                inflateEnd(&stream)
                if status != Z_STREAM_END {
                    failure = status == Z_BUF_ERROR || status == Z_OK ? "page inflates to more than the \(uncompressedSize) bytes its header declares, or is truncated"
                        : "invalid deflate data (\(status))"
                    break
                }
                count += produced
                consumed += used
                if used == 0 { break }
                // Trailing zero padding after the last member is tolerated.
                if input[consumed...].allSatisfy({ $0 == 0 }) { break }
            }
        }
        if let failure { throw ParquetError.corrupt("gzip page: \(failure)") }
        guard out.count == uncompressedSize else { throw ParquetError.corrupt("gzip page holds \(out.count) bytes, header says \(uncompressedSize)") }
        return out
    }
}
