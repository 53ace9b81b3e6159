import Foundation
import Storage

/// The object store a remote's settings name (temporary: directories only until the S3 transport lands).
public func openRemoteStore(_ settings: RemoteSettings, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any ObjectStore {
    switch try RemoteLocation(parsing: settings.url) {
    case .directory(let path): return LocalObjectStore(root: path)
    default: throw StorageError.unsupported("\(settings.url): not supported yet")
    }
}
