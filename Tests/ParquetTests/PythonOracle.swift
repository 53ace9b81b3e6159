import Foundation

/// Runs a Python script with `/usr/bin/env python3` (where pip installed pyarrow and duckdb) and returns stdout.
enum PythonOracle {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func run(_ script: String, arguments: [String] = []) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "python3 failed (\(process.terminationStatus)): \(String(decoding: errData, as: UTF8.self))")
        }
        return String(decoding: outData, as: UTF8.self)
    }

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "cairn-parquet-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Python helpers shared by oracle scripts: `enc(v)` spells a value exactly (floats as their 64-bit pattern, text as
    /// UTF-8 hex), and `column_values(table)` turns temporal columns into their integer ticks.
    static let prelude = #"""
import json, struct, sys
import pyarrow as pa, pyarrow.parquet as pq, pyarrow.compute as pc
def enc(v):
    if v is None: return None
    if isinstance(v, bool): return "b:" + ("1" if v else "0")
    if isinstance(v, int): return "i:%d" % v
    if isinstance(v, float): return "f:nan" if v != v else "d:%d" % struct.unpack("<q", struct.pack("<d", v))[0]
    if isinstance(v, str): return "s:" + v.encode("utf-8").hex()
    if isinstance(v, (bytes, bytearray)): return "x:" + bytes(v).hex()
    raise TypeError(type(v))
def ticks(col):
    t = col.type
    if pa.types.is_date32(t): return col.cast(pa.int32())
    if pa.types.is_timestamp(t): return col.cast(pa.int64())
    return col
def columns_of(table):
    return {name: [enc(v) for v in ticks(table.column(name)).to_pylist()] for name in table.column_names}

"""#
}
