import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loopback test server that could not start or answer, with the end of its log.
public struct TestServerError: Error, CustomStringConvertible {
    public var description: String
}

/// A Python script of `Scripts/` running as a child process: it prints one JSON line when ready, then
/// answers commands on stdin one line each, and exits when stdin closes, so a server outlives neither
/// `stop()` nor the test process that started it (even one that crashed). Its stderr goes to a log file
/// whose tail ends up in any error.
final class ServerProcess: @unchecked Sendable {
    private let process = Process()
    private let input: FileHandle
    private let output: Int32
    private let logPath: String
    private let lock = NSLock()  // one command and its answer at a time; guards `buffer`
    private var buffer: [UInt8] = []
    private var stopped = false
    /// The first line the script printed, parsed.
    private(set) var ready: [String: Any] = [:]

    static func scriptPath(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts/\(name)").path
    }

    init(script: String, arguments: [String] = [], environment extra: [String: String] = [:], startupTimeout: Double = 60) throws {
        let stdin = Pipe(), stdout = Pipe()
        logPath = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-\(script)-\(UUID().uuidString.prefix(8)).log").path
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", ServerProcess.scriptPath(script)] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONUNBUFFERED"] = "1"
        environment.merge(extra) { $1 }
        process.environment = environment
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle(forWritingAtPath: logPath)
        input = stdin.fileHandleForWriting
        output = stdout.fileHandleForReading.fileDescriptor
        do { try process.run() } catch { throw TestServerError(description: "cannot start python3 \(script): \(error)") }
        var line = ""
        do { line = try readLine(timeout: startupTimeout) } catch {
            stopProcess()
            throw error
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            stopProcess()
            throw TestServerError(description: "\(script) printed '\(line)' instead of its address\(logTail)")
        }
        ready = object
    }

    deinit { stop() }

    /// Sends one command line and returns the answer line.
    func command(_ line: String, timeout: Double = 60) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { throw TestServerError(description: "the server was stopped") }
        input.write(Data((line + "\n").utf8))
        return try readLineLocked(timeout: timeout)
    }

    func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopProcess()
    }

    private func stopProcess() {
        stopped = true
        try? input.close()  // the script's end of input: it exits
        let deadline = Date().addingTimeInterval(3)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: logPath)
    }

    private func readLine(timeout: Double) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        return try readLineLocked(timeout: timeout)
    }

    private func readLineLocked(timeout: Double) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw TestServerError(description: "no answer within \(timeout) s\(logTail)") }
            var descriptor = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remaining, 1) * 1000))
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = read(output, &chunk, chunk.count)
            guard count > 0 else { throw TestServerError(description: "the server exited\(logTail)") }
            buffer.append(contentsOf: chunk[..<count])
        }
    }

    private var logTail: String {
        guard let log = try? String(contentsOfFile: logPath, encoding: .utf8), !log.isEmpty else { return "" }
        return "; its log ends: " + log.suffix(2000)
    }
}
