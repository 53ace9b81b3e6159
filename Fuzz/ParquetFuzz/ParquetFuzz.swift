// Fuzz target over every decoder of untrusted Parquet bytes: the footer and Thrift structures, page
// headers, codecs and value decoders (through a full read and row-range reads). `make fuzz` builds it
// with libFuzzer (-DFUZZING); a plain build is a replayer: `ParquetFuzz FILE...` runs the same checks
// on saved inputs, e.g. crashes the fuzzer found.
import Parquet

#if canImport(Glibc)
import Glibc
#endif

/// Anything but a ParquetError escaping the reader, or a trap, is a bug.
func checkOne(_ bytes: [UInt8]) {
    do {
        let reader = try ParquetFileReader(source: InMemoryByteSource(bytes))
        _ = try reader.read()
        if reader.rowCount > 2 {
            _ = try reader.read(rows: 1..<(reader.rowCount - 1))
        }
    } catch is ParquetError {
    } catch {
        fatalError("non-Parquet error escaped the reader: \(error)")
    }
    _ = try? FileFooter.decode(bytes)
    var thrift = ThriftCompactReader(bytes)
    _ = try? PageHeader(from: &thrift)
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    checkOne(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// SwiftPM links an executable's entry point under this name; hand control to libFuzzer's driver.
@_cdecl("ParquetFuzz_main")
public func parquetFuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzerTestOneInput)
}
#else
@main
struct ParquetFuzzReplay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let source = try? FileByteSource(path: path), let bytes = try? source.read(0..<source.size) else {
                print("cannot read \(path)")
                continue
            }
            checkOne(bytes)
            print("ok \(path)")
        }
    }
}
#endif
