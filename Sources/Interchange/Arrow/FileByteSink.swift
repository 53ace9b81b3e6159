#if canImport(Glibc)
import Glibc
#endif

/// A file descriptor as an `ArrowByteSink` (stdout, or a file being written).
public struct FileByteSink: ArrowByteSink {
    public let descriptor: Int32
    /// For messages: the file's path, or `standard output`.
    public let name: String

    public init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
        Self.enlargePipeBuffer(descriptor)
    }

    /// A pipe holds 64 KiB by default, a few percent of a training batch: the writer would block and wake
    /// a dozen times per batch, and could not run ahead while the reader turns the last batch into
    /// tensors. Asks for 1 MiB (the unprivileged limit by default); where that is refused, nothing changes.
    private static func enlargePipeBuffer(_ descriptor: Int32) {
        #if os(Linux)
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFIFO else { return }
        let setPipeSize: Int32 = 1031  // F_SETPIPE_SZ (F_LINUX_SPECIFIC_BASE + 7), which Glibc's module leaves out
        _ = fcntl(descriptor, setPipeSize, Int32(1 << 20))
        #endif
    }

    /// The reader closed the pipe: not a failure of ours, the writer just stops.
    public struct Closed: Error {}

    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { throw Closed() }
                throw InterchangeWriteError(target: name, errno: errno)
            }
            done += n
        }
    }
}

/// A write that failed, with the system's reason.
public struct InterchangeWriteError: Error, CustomStringConvertible {
    public var target: String
    public var errno: Int32
    public var description: String { "cannot write \(target): \(String(cString: strerror(errno)))" }

    public init(target: String, errno: Int32) {
        self.target = target
        self.errno = errno
    }
}
