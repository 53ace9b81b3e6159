/// The end of a Parquet file: `FileMetaData` (Thrift), its length as a little-endian UInt32, and `PAR1`.
public enum FileFooter {
    public static let magic: [UInt8] = Array("PAR1".utf8)
    static let encryptedMagic: [UInt8] = Array("PARE".utf8)

    /// Validates the 8-byte tail of a file of `fileSize` bytes and returns the byte range of FileMetaData.
    public static func metadataRange(tail: [UInt8], fileSize: Int) throws -> Range<Int> {
        guard fileSize >= 12, tail.count == 8 else {
            throw ParquetError.corrupt("not a Parquet file: \(fileSize) bytes is too short to hold PAR1 magic and a footer")
        }
        let magic = Array(tail[4..<8])
        if magic == encryptedMagic { throw ParquetError.unsupported("encrypted footer (PARE)") }
        guard magic == FileFooter.magic else { throw ParquetError.corrupt("not a Parquet file: missing PAR1 magic at the end") }
        let length = Int(tail[0]) | Int(tail[1]) << 8 | Int(tail[2]) << 16 | Int(tail[3]) << 24
        guard length <= fileSize - 12 else {
            throw ParquetError.corrupt("footer length \(length) exceeds file size \(fileSize)")
        }
        return (fileSize - 8 - length)..<(fileSize - 8)
    }

    public static func decode(_ bytes: [UInt8]) throws -> FileMetaData {
        var reader = ThriftCompactReader(bytes)
        return try FileMetaData(from: &reader)
    }

    /// FileMetaData followed by its length and the magic.
    public static func encode(_ metadata: FileMetaData) -> (metadata: [UInt8], tail: [UInt8]) {
        var writer = ThriftCompactWriter()
        metadata.encode(to: &writer)
        let length = UInt32(writer.bytes.count)
        let tail = [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 24)] + magic
        return (writer.bytes, tail)
    }
}
