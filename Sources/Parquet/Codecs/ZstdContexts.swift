import CZstd
#if canImport(Glibc)
import Glibc
#endif

/// One zstd compression and one decompression context per thread, kept for the thread's life.
/// `ZSTD_compress` and `ZSTD_decompress` build and free a context on every call, and for pages of tens of
/// KB that set-up (allocating and clearing the match tables) costs as much as the work itself.
enum ZstdContexts {
    // The destructors run when a thread that made a context exits.
    private static let compressionKey = makeKey { if let context = $0 { ZSTD_freeCCtx(OpaquePointer(context)) } }
    private static let decompressionKey = makeKey { if let context = $0 { ZSTD_freeDCtx(OpaquePointer(context)) } }

    private static func makeKey(_ destructor: @convention(c) (UnsafeMutableRawPointer?) -> Void) -> pthread_key_t {
        var key = pthread_key_t()
        let status = pthread_key_create(&key, destructor)
        precondition(status == 0, "pthread_key_create failed")
        return key
    }

    /// This thread's compression context (nil only when zstd cannot allocate one).
    static var compression: OpaquePointer? {
        if let context = pthread_getspecific(compressionKey) { return OpaquePointer(context) }
        guard let context = ZSTD_createCCtx() else { return nil }
        pthread_setspecific(compressionKey, UnsafeRawPointer(context))
        return context
    }

    /// This thread's decompression context (nil only when zstd cannot allocate one).
    static var decompression: OpaquePointer? {
        if let context = pthread_getspecific(decompressionKey) { return OpaquePointer(context) }
        guard let context = ZSTD_createDCtx() else { return nil }
        pthread_setspecific(decompressionKey, UnsafeRawPointer(context))
        return context
    }
}
