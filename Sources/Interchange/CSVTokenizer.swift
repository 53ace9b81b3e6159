#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a delimited file into records of fields (RFC 4180), streaming through one read buffer.
///
/// - Quoted fields may hold delimiters, line breaks and doubled quotes (`""` → `"`).
/// - Records end at LF, CRLF or a lone CR; the last record needs no line end.
/// - A UTF-8 byte order mark at the start of the file is skipped.
/// - Blank lines (nothing between two line ends) are skipped, as pyarrow does; a line holding only
///   `""` is a record with one empty string.
/// - Text after a closing quote (`"ab"c`) is an error rather than silently glued on.
/// - An unquoted field keeps any quote characters inside it literally (`ab"c`).
///
/// Field bytes point into the read buffer and stay valid until the next `nextRecord()`.
/// A record cut by the end of the buffer is rescanned after the next read; the buffer doubles
/// when one record fills more than half of it, so a long record costs O(n log n), not O(n²).
final class CSVTokenizer {
    private let path: String
    private let delimiter: UInt8
    private let fileDescriptor: Int32
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Unconsumed bytes are `buffer[start..<end]`.
    private var start = 0
    private var end = 0
    private var atEndOfFile = false
    private var checkedByteOrderMark = false
    /// The physical line that `buffer[start]` is on.
    private var lineAtStart = 1

    /// The physical line the current record starts on.
    private(set) var recordLine = 0
    /// One array of plain structs, moved into a local while scanning: per-field appends to class
    /// properties would each pay a dynamic exclusivity check.
    private var fields: [FieldSpan] = []

    private struct FieldSpan {
        var start: Int
        var end: Int
        var quoted: Bool
        var hasDoubledQuotes: Bool
    }

    private enum ScanResult {
        case complete(next: Int, lineBreaks: Int)
        case needsMoreData
        case unterminatedQuote(line: Int)
        case textAfterClosingQuote(line: Int)
    }

    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    init(path: String, delimiter: UInt8, readBufferSize: Int) throws {
        self.path = path
        self.delimiter = delimiter
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            let code = errno
            throw CSVError(path: path, reason: code == ENOENT ? .fileNotFound : .unreadable(String(cString: strerror(code))))
        }
        fileDescriptor = descriptor
        capacity = max(readBufferSize, 16)
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        close(fileDescriptor)
        buffer.deallocate()
    }

    var fieldCount: Int { fields.count }

    func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let span = fields[index]
        return UnsafeBufferPointer(start: buffer + span.start, count: span.end - span.start)
    }

    func isQuoted(_ index: Int) -> Bool { fields[index].quoted }

    /// Advances to the next record; `false` at the end of the file.
    func nextRecord() throws -> Bool {
        if !checkedByteOrderMark { try skipByteOrderMark() }
        while true {
            if start == end {
                if atEndOfFile { return false }
                try fill()
                continue
            }
            var spans = fields
            fields = []
            spans.removeAll(keepingCapacity: true)
            let result = scanRecord(into: &spans)
            fields = spans
            switch result {
            case .complete(let next, let lineBreaks):
                recordLine = lineAtStart
                lineAtStart += lineBreaks
                start = next
                if fields.count == 1 && fields[0].start == fields[0].end && !fields[0].quoted { continue }
                collapseDoubledQuotes()
                return true
            case .needsMoreData:
                try fill()
            case .unterminatedQuote(let line):
                throw CSVError(path: path, line: line, reason: .unterminatedQuote)
            case .textAfterClosingQuote(let line):
                throw CSVError(path: path, line: line, reason: .textAfterClosingQuote)
            }
        }
    }

    private func skipByteOrderMark() throws {
        checkedByteOrderMark = true
        while end - start < 3 && !atEndOfFile { try fill() }
        if end - start >= 3 && buffer[start] == 0xEF && buffer[start + 1] == 0xBB && buffer[start + 2] == 0xBF {
            start += 3
        }
    }

    /// Moves unconsumed bytes to the front, grows the buffer if they fill over half of it, and reads more.
    private func fill() throws {
        precondition(!atEndOfFile, "CSVTokenizer.fill after end of file")
        if start > 0 {
            if end > start { memmove(buffer, buffer + start, end - start) }
            end -= start
            start = 0
        }
        if end > capacity / 2 {
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            grown.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = grown
            capacity *= 2
        }
        while true {
            let count = read(fileDescriptor, buffer + end, capacity - end)
            if count > 0 { end += count; return }
            if count == 0 { atEndOfFile = true; return }
            if errno == EINTR { continue }
            throw CSVError(path: path, reason: .unreadable(String(cString: strerror(errno))))
        }
    }

    /// Finds the fields of the record at `start`. At the end of the file the end of the data ends
    /// the record; elsewhere running out of data asks for more.
    private func scanRecord(into spans: inout [FieldSpan]) -> ScanResult {
        let bytes = buffer
        let end = self.end
        let final = atEndOfFile
        let delimiter = self.delimiter
        let quote = Self.quote, lineFeed = Self.lineFeed, carriageReturn = Self.carriageReturn
        let lineAtStart = self.lineAtStart
        var i = start
        var lineBreaks = 0

        while true {
            if i < end && bytes[i] == quote {
                let openingLine = lineAtStart + lineBreaks
                i += 1
                let contentStart = i
                var contentEnd = i
                var doubled = false
                while true {
                    if i >= end { return final ? .unterminatedQuote(line: openingLine) : .needsMoreData }
                    let byte = bytes[i]
                    if byte == quote {
                        if i + 1 >= end && !final { return .needsMoreData }
                        if i + 1 < end && bytes[i + 1] == quote {
                            doubled = true
                            i += 2
                            continue
                        }
                        contentEnd = i
                        i += 1
                        break
                    } else if byte == lineFeed {
                        lineBreaks += 1
                    } else if byte == carriageReturn {
                        if i + 1 >= end && !final { return .needsMoreData }
                        if i + 1 >= end || bytes[i + 1] != lineFeed { lineBreaks += 1 }
                    }
                    i += 1
                }
                spans.append(FieldSpan(start: contentStart, end: contentEnd, quoted: true, hasDoubledQuotes: doubled))
                if i < end && bytes[i] != delimiter && bytes[i] != lineFeed && bytes[i] != carriageReturn {
                    return .textAfterClosingQuote(line: lineAtStart + lineBreaks)
                }
            } else {
                let fieldStart = i
                while i < end {
                    let byte = bytes[i]
                    if byte == delimiter || byte == lineFeed || byte == carriageReturn { break }
                    i += 1
                }
                spans.append(FieldSpan(start: fieldStart, end: i, quoted: false, hasDoubledQuotes: false))
            }

            // `i` is at the end of the data, a delimiter, or a line end.
            if i >= end { return final ? .complete(next: i, lineBreaks: lineBreaks) : .needsMoreData }
            let byte = bytes[i]
            if byte == delimiter {
                i += 1
                continue
            }
            if byte == lineFeed { return .complete(next: i + 1, lineBreaks: lineBreaks + 1) }
            // Carriage return: CRLF or a lone CR.
            if i + 1 >= end {
                return final ? .complete(next: i + 1, lineBreaks: lineBreaks + 1) : .needsMoreData
            }
            return .complete(next: bytes[i + 1] == lineFeed ? i + 2 : i + 1, lineBreaks: lineBreaks + 1)
        }
    }

    /// Rewrites `""` as `"` in place inside quoted fields; done only once a record is complete,
    /// because an incomplete record is rescanned from its raw bytes.
    private func collapseDoubledQuotes() {
        for index in fields.indices where fields[index].hasDoubledQuotes {
            var read = fields[index].start
            var write = read
            let fieldEnd = fields[index].end
            while read < fieldEnd {
                let byte = buffer[read]
                buffer[write] = byte
                write += 1
                read += byte == Self.quote ? 2 : 1
            }
            fields[index].end = write
        }
    }
}
