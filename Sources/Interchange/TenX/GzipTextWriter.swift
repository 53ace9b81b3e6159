import CZlib

/// Writes a gzip-compressed text file through a 1 MiB buffer.
final class GzipTextWriter {
    let path: String
    private let file: gzFile
    private var buffer: [UInt8] = []

    init(path: String) throws {
        self.path = path
        guard let file = gzopen(path, "wb6") else { throw SourceError("\(path): cannot create") }
        self.file = file
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        let written = buffer.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        guard written == Int32(buffer.count) else { throw SourceError("\(path): write failed") }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        guard gzclose(file) == Z_OK else { throw SourceError("\(path): cannot finish the gzip stream") }
    }
}
