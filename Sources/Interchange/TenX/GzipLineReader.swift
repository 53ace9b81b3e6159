import CZlib

/// Reads a text file line by line, gzip-compressed or not (zlib reads both), in 1 MiB blocks. A gzip
/// stream that ends early is an error, not a quiet end of file.
final class GzipLineReader {
    let path: String
    private let file: gzFile
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)
    private var pending: [UInt8] = []
    private var start = 0
    private var end = 0
    private var finished = false
    /// 1-based number of the line last returned.
    private(set) var lineNumber = 0

    init(path: String) throws {
        self.path = path
        guard let file = gzopen(path, "rb") else { throw SourceError("\(path): cannot open") }
        self.file = file
        gzbuffer(file, 1 << 17)
    }

    deinit { gzclose(file) }

    /// The next line without its end-of-line bytes, or nil at the end of the file.
    func nextLine() throws -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[start..<end].firstIndex(of: 0x0A) {
                var line: ArraySlice<UInt8>
                if pending.isEmpty {
                    line = buffer[start..<newline]
                } else {
                    pending.append(contentsOf: buffer[start..<newline])
                    line = pending[...]
                    pending = []
                }
                start = newline + 1
                if line.last == 0x0D { line = line.dropLast() }
                lineNumber += 1
                return line
            }
            pending.append(contentsOf: buffer[start..<end])
            start = 0
            end = 0
            if finished {
                guard !pending.isEmpty else { return nil }
                let line = pending[...]
                pending = []
                lineNumber += 1
                return line.last == 0x0D ? line.dropLast() : line
            }
            let n = buffer.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if n < 0 {
                var code: Int32 = 0
                let message = String(cString: gzerror(file, &code))
                throw SourceError("\(path): \(message.contains("unexpected end") ? "gzip stream ends early (truncated file)" : "corrupt gzip data (\(message))")")
            }
            if n == 0 {
                var code: Int32 = 0
                _ = gzerror(file, &code)
                if code != Z_OK && code != Z_STREAM_END { throw SourceError("\(path): gzip stream ends early (truncated file)") }
                finished = true
            }
            end = Int(n)
        }
    }
}
