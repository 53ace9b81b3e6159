import Columnar
import Foundation
@testable import Interchange

/// Writes test files into a fresh temporary directory per call.
enum CSVFixture {
    static func write(_ text: String, name: String = "data.csv") -> String {
        write(bytes: Array(text.utf8), name: name)
    }

    static func write(bytes: [UInt8], name: String = "data.csv") -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cairn-csv-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try! Data(bytes).write(to: url)
        return url.path
    }

    static func read(_ text: String, name: String = "data.csv", options: CSVOptions = CSVOptions()) throws -> RecordBatch {
        try CSVReader(path: write(text, name: name), options: options).readAll()
    }

    static func schema(_ text: String, name: String = "data.csv", options: CSVOptions = CSVOptions()) throws -> Schema {
        try CSVReader(path: write(text, name: name), options: options).inferSchema()
    }

    /// The error reading `text` throws, or `nil` if it reads cleanly.
    static func error(_ text: String, name: String = "data.csv", options: CSVOptions = CSVOptions()) -> CSVError? {
        error(bytes: Array(text.utf8), name: name, options: options)
    }

    static func error(bytes: [UInt8], name: String = "data.csv", options: CSVOptions = CSVOptions()) -> CSVError? {
        do {
            _ = try CSVReader(path: write(bytes: bytes, name: name), options: options).readAll()
            return nil
        } catch let error as CSVError {
            return error
        } catch {
            return nil
        }
    }
}

extension RecordBatch {
    func values(_ name: String) -> [Value] {
        guard let column = column(named: name) else { return [] }
        return (0..<column.count).map { column.value(at: $0) }
    }

    func type(_ name: String) -> DataType? { schema.field(named: name)?.type }
}
