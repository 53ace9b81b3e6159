// In-process timing of cairn's Parquet writer and reader, for bench/parquet_throughput.py.
//   ParquetBench write INPUT.parquet OUTPUT.parquet REPS   — read INPUT once, time writing it REPS times
//   ParquetBench read FILE.parquet REPS                    — time reading every row group of FILE REPS times
// Prints one JSON line: median seconds, rows, peak RSS (KiB).
import Columnar
import Foundation
import Parquet

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

func peakRSSKiB() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss
}

/// Every row group of the file, as pq.read_table does (it returns one chunk per row group).
func readRowGroups(_ path: String) throws -> [RecordBatch] {
    let reader = try ParquetFileReader(source: FileByteSource(path: path))
    return try (0..<reader.rowGroupCount).map { try reader.readRowGroup($0) }
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: ParquetBench write IN OUT REPS | read FILE REPS\n".utf8))
    exit(2)
}
do {
    var times: [Double] = []
    var rows = 0
    switch arguments[1] {
    case "write":
        let groups = try readRowGroups(arguments[2])
        let batch = RecordBatch.concatenate(groups, schema: groups[0].schema)
        rows = batch.rowCount
        for _ in 0..<(Int(arguments[4]) ?? 3) {
            let start = DispatchTime.now()
            var writer = try ParquetWriter(schema: batch.schema)
            try writer.write(batch)
            let result = try writer.finish()
            try Data(result.bytes).write(to: URL(fileURLWithPath: arguments[3]))
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
        }
    case "read":
        for _ in 0..<(Int(arguments[3]) ?? 3) {
            let start = DispatchTime.now()
            let groups = try readRowGroups(arguments[2])
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
            rows = groups.reduce(0) { $0 + $1.rowCount }
        }
    default:
        throw ParquetError.invalidArgument("unknown mode \(arguments[1])")
    }
    print("{\"seconds\": \(median(times)), \"rows\": \(rows), \"peak_rss_kb\": \(peakRSSKiB())}")
} catch {
    FileHandle.standardError.write(Data("ParquetBench: \(error)\n".utf8))
    exit(1)
}
