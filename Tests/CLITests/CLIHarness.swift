import Foundation
import Testing

/// Runs the built `cairn` binary the way a user does.
struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String
    var stdoutBytes: Data
}

enum CLI {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The `cairn` executable next to the test bundle (SwiftPM builds it because the test target depends on it).
    static let binary: String = {
        var directory = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("cairn").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return packageRoot + "/.build/debug/cairn"
    }()

    @discardableResult
    static func run(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
                    stdin: Data? = nil) throws -> CLIResult {
        try runProcess(binary, arguments, in: directory, environment: environment)
    }

    static func start(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @discardableResult
    static func runProcess(_ executable: String, _ arguments: [String], in directory: String? = nil,
                           environment: [String: String] = [:]) throws -> CLIResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        env["CAIRN_AUTHOR_NAME"] = env["CAIRN_AUTHOR_NAME"] ?? "Test Author"
        env["CAIRN_AUTHOR_EMAIL"] = env["CAIRN_AUTHOR_EMAIL"] ?? "test@example.org"
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes concurrently so a large output cannot block the child.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CLIResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self), stdoutBytes: outData)
    }

    static func python(_ script: String, _ arguments: [String] = []) throws -> CLIResult {
        try runProcess("/usr/bin/env", ["python3", "-c", script] + arguments)
    }
}

func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "cairn-cli-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func write(_ text: String, to path: String) {
    try! text.write(toFile: path, atomically: true, encoding: .utf8)
}

/// Runs cairn, expects it to succeed (reporting its stderr where it does not), and returns its stdout.
@discardableResult
func expectSuccess(_ arguments: [String], environment: [String: String] = [:],
                   sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let result = try CLI.run(arguments, environment: environment)
    #expect(result.status == 0, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
    return result.stdout
}
