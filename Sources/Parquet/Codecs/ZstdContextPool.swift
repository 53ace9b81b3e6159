import CZstd
import Synchronization

/// Reusable zstd contexts. `ZSTD_compress` and `ZSTD_decompress` set up and tear down a context on every
/// call — hundreds of kilobytes allocated, faulted in and freed per page — which costs more than the
/// work itself for the tens-of-kilobyte pages cairn writes. Each call borrows a context here instead, so
/// there are about as many as threads compressing at once.
enum ZstdContextPool {
    /// A context is used by one thread at a time: taken out of the pool, used, put back.
    private struct Context: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    private static let compressors = Mutex<[Context]>([])
    private static let decompressors = Mutex<[Context]>([])

    static func withCompressor<R>(_ body: (OpaquePointer) throws -> R) rethrows -> R {
        let context = compressors.withLock { $0.popLast() } ?? Context(pointer: ZSTD_createCCtx()!)
        defer { compressors.withLock { $0.append(context) } }
        return try body(context.pointer)
    }

    static func withDecompressor<R>(_ body: (OpaquePointer) throws -> R) rethrows -> R {
        let context = decompressors.withLock { $0.popLast() } ?? Context(pointer: ZSTD_createDCtx()!)
        defer { decompressors.withLock { $0.append(context) } }
        return try body(context.pointer)
    }
}
