import Foundation
import Storage
import Testing
import TestServers
@testable import Remote

extension HTTPClientConfiguration {
    /// Quick retries, so that the fault tests take milliseconds per retry instead of seconds.
    static func forTests(maxAttempts: Int = 4, lowSpeedTime: Int = 10, environment: [String: String] = [:]) -> HTTPClientConfiguration {
        var configuration = HTTPClientConfiguration(environment: environment)
        configuration.connectTimeout = 5
        configuration.lowSpeedTime = lowSpeedTime
        configuration.retry = RetryPolicy(maxAttempts: maxAttempts, baseDelay: 0.005, maxDelay: 0.05)
        return configuration
    }
}

/// A fresh bucket on the shared moto server, and stores over it.
struct MotoBucket {
    let moto: MotoServer
    let name: String

    init() throws {
        moto = try MotoServer.shared()
        name = try moto.makeBucket()
    }

    var credentials: AWSCredentials { AWSCredentials(accessKeyID: moto.accessKeyID, secretAccessKey: moto.secretAccessKey) }

    /// `endpoint` nil: moto itself (a fault proxy's otherwise).
    func store(prefix: String = "repo", endpoint: String? = nil, credentials: AWSCredentials?? = .none,
               http: HTTPClientConfiguration = .forTests(), multipartThreshold: Int = 16 << 20, partSize: Int = 8 << 20,
               listPageSize: Int = 1000) throws -> S3ObjectStore {
        let configuration = try S3Configuration(bucket: name, prefix: prefix, endpoint: endpoint ?? moto.endpoint, region: moto.region,
                                                credentials: credentials ?? self.credentials)
        return S3ObjectStore(configuration: configuration, http: http, multipartThreshold: multipartThreshold, partSize: partSize,
                             listPageSize: listPageSize)
    }
}

/// Bytes that differ from one call to the next.
func randomBytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255) } }

/// The message of the `StorageError.remote` that `body` throws; nil (and a recorded issue) otherwise.
func remoteFailure(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
    do {
        try body()
        Issue.record("expected StorageError.remote, nothing was thrown", sourceLocation: sourceLocation)
    } catch StorageError.remote(let message) {
        return message
    } catch {
        Issue.record("expected StorageError.remote, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
