import CZlib
import Crypto
import Foundation

/// An object stored loose (its own zlib file under `objects/`), read without libgit2: the file read,
/// inflated and its id checked by hashing, all on the calling thread, so several threads read at once
/// and a command that reads only loose objects never loads libgit2. A query of a large table reads
/// hundreds of fragment manifests this way. Anything else — a packed or missing object, a file that
/// does not inflate or hash to its id — is nil, for the caller to read through libgit2, which then
/// reads it or reports it as it always does.
enum LooseObject {
    /// Loose objects larger than this (in their file) are left to libgit2.
    static let largestFile = 16 << 20

    static func blob(_ id: ObjectID, objectsDirectory: String) -> Data? {
        guard let (kind, content) = read(id, objectsDirectory: objectsDirectory), kind == .blob else { return nil }
        return Data(content)
    }

    /// The object's kind and content, or nil (see above).
    static func read(_ id: ObjectID, objectsDirectory: String) -> (kind: ObjectKind, content: ArraySlice<UInt8>)? {
        let hex = id.hex
        let file = objectsDirectory + "/" + hex.prefix(2) + "/" + hex.dropFirst(2)
        guard let stored = read(file), let object = inflate(stored) else { return nil }
        // "<kind> <decimal size>\0<content>", hashed whole to the id.
        guard let space = object.prefix(8).firstIndex(of: 0x20),
              let kind = ObjectKind(rawValue: String(decoding: object[..<space], as: UTF8.self)),
              let nul = object[space...].prefix(21).firstIndex(of: 0), nul > space + 1 else { return nil }
        var size = 0
        for digit in object[(space + 1)..<nul] {
            guard digit >= 0x30, digit <= 0x39 else { return nil }
            size = size * 10 + Int(digit - 0x30)
        }
        guard size == object.count - nul - 1,
              Insecure.SHA1.hash(data: object).elementsEqual(id.bytes) else { return nil }
        return (kind, object[(nul + 1)...])
    }

    /// The whole file, or nil when it is missing, empty, too large or unreadable.
    private static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0, info.st_size <= largestFile else { return nil }
        let size = Int(info.st_size)
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var done = 0
            while done < size {
                let n = Foundation.read(fd, buffer.baseAddress! + done, size - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { complete = false; break }
                done += n
            }
            initialized = done
        }
        return complete ? bytes : nil
    }

    /// The zlib stream `stored` inflated whole, or nil when it is not one.
    private static func inflate(_ stored: [UInt8]) -> [UInt8]? {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: max(256, stored.count * 4))
        var produced = 0
        return stored.withUnsafeBufferPointer { input -> [UInt8]? in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress!)
            stream.avail_in = UInt32(input.count)
            while true {
                if produced == out.count {
                    guard out.count < largestFile * 64 else { return nil }
                    out.append(contentsOf: repeatElement(0, count: out.count))
                }
                let status = out.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.next_out = out.baseAddress! + produced
                    stream.avail_out = UInt32(out.count - produced)
                    // Z_FINISH: where the output fits (as a manifest does), zlib then inflates without
                    // allocating and filling its 32 KB window, most of the time of a small object.
                    let status = CZlib.inflate(&stream, Z_FINISH)
                    produced = out.count - Int(stream.avail_out)
                    return status
                }
                if status == Z_STREAM_END { break }
                // Out of input before the end, or a damaged stream.
                guard status == Z_OK || (status == Z_BUF_ERROR && produced == out.count) else { return nil }
            }
            guard stream.avail_in == 0 else { return nil }  // bytes after the stream
            out.removeLast(out.count - produced)
            return out
        }
    }
}
