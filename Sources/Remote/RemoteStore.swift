import Foundation
import Storage

/// An object store reached over the network, which can say what it has moved (the CLI prints it on
/// request).
public protocol RemoteObjectStore: ObjectStore {
    var transferStatistics: TransferStatistics { get }
}

/// The store a remote's settings name: a directory, an S3 bucket (endpoint, region and credentials
/// completed from the environment), or a read-only web server.
public func openRemoteStore(_ settings: RemoteSettings,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any ObjectStore {
    switch try RemoteLocation(parsing: settings.url) {
    case .directory(let path): return LocalObjectStore(root: path)
    case .s3: return try S3ObjectStore(settings: settings, environment: environment)
    case .web(let url): return WebObjectStore(baseURL: url, http: HTTPClientConfiguration(environment: environment))
    }
}
