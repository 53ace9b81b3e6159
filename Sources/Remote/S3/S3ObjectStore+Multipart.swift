import Foundation
import Storage
import Synchronization

/// Large objects in parts: CreateMultipartUpload, the parts in parallel, CompleteMultipartUpload with
/// the write's condition; AbortMultipartUpload when anything fails, so no parts are left to pay for.
extension S3ObjectStore {
    enum MultipartOutcome {
        case completed(ObjectVersion)
        /// The completion's `If-None-Match` / `If-Match` was refused (412, or 409 for a concurrent write).
        case conditionFailed
    }

    func uploadMultipart(_ key: String, _ bytes: [UInt8], conditions: HTTPHeaders) throws -> MultipartOutcome {
        let created = try send(.post, key: key, query: [("uploads", "")], headers: ["Content-Type": "application/octet-stream"])
        guard created.status == 200 else { throw failure(created, .post, key: key) }
        guard let uploadID = S3XMLElement.parse(created.body)?.value("UploadId"), !uploadID.isEmpty else {
            throw StorageError.remote("\(configuration.displayURL(key)): CreateMultipartUpload answered without an UploadId")
        }
        do {
            let etags = try uploadParts(key, bytes, uploadID: uploadID)
            let outcome = try completeMultipart(key, uploadID: uploadID, etags: etags, conditions: conditions)
            if case .conditionFailed = outcome { abortMultipart(key, uploadID: uploadID) }
            return outcome
        } catch {
            abortMultipart(key, uploadID: uploadID)
            throw error
        }
    }

    /// The ETag of each part, in order. Workers take the next part until none is left or one has failed.
    private func uploadParts(_ key: String, _ bytes: [UInt8], uploadID: String) throws -> [String] {
        let partCount = (bytes.count + partSize - 1) / partSize
        let progress = PartProgress(count: partCount)
        ConcurrentWorkers.run(min(uploadConcurrency, partCount)) { [self] in
            while !progress.hasFailed, let index = progress.nextPart() {
                let range = index * partSize..<min(bytes.count, (index + 1) * partSize)
                do {
                    let response = try send(.put, key: key, query: [("partNumber", String(index + 1)), ("uploadId", uploadID)],
                                            body: bytes[range])
                    guard response.status == 200 else { throw failure(response, .put, key: key) }
                    progress.finish(index, etag: try etag(response, key: key).token)
                } catch {
                    progress.fail(error)
                }
            }
        }
        return try progress.etags()
    }

    private func completeMultipart(_ key: String, uploadID: String, etags: [String], conditions: HTTPHeaders) throws -> MultipartOutcome {
        var xml = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        for (index, etag) in etags.enumerated() {
            xml += "<Part><PartNumber>\(index + 1)</PartNumber><ETag>\(S3XMLElement.escape(etag))</ETag></Part>"
        }
        xml += "</CompleteMultipartUpload>"
        var headers = conditions
        headers.set("Content-Type", "application/xml")
        let policy = client.configuration.retry
        var attempt = 0
        while true {
            let response = try send(.post, key: key, query: [("uploadId", uploadID)], headers: headers, body: Array(xml.utf8)[...])
            switch response.status {
            case 200:
                // S3 may answer 200 and report a failure in the body, after the headers went out.
                guard let root = S3XMLElement.parse(response.body) else {
                    throw StorageError.remote("\(configuration.displayURL(key)): CompleteMultipartUpload answered with a malformed body")
                }
                if root.name == "Error" {
                    attempt += 1
                    let code = root.value("Code") ?? ""
                    if RetryPolicy.transientS3Codes.contains(code), attempt < policy.maxAttempts {
                        Thread.sleep(forTimeInterval: policy.delay(beforeRetry: attempt - 1))
                        continue
                    }
                    throw StorageError.remote("\(configuration.displayURL(key)): CompleteMultipartUpload failed: \(code): \(root.value("Message") ?? "")")
                }
                if let etag = response.headers["ETag"] ?? root.value("ETag"), !etag.isEmpty { return .completed(ObjectVersion(etag)) }
                guard let version = try version(of: key) else {
                    throw StorageError.remote("\(configuration.displayURL(key)): gone right after it was written")
                }
                return .completed(version)
            case 412, 409: return .conditionFailed
            case 404 where conditions["If-Match"] != nil && S3ErrorDetails(response)?.code == "NoSuchKey": return .conditionFailed
            default: throw failure(response, .post, key: key)
            }
        }
    }

    /// Best effort: a failure here leaves parts that a bucket lifecycle rule can expire.
    private func abortMultipart(_ key: String, uploadID: String) {
        _ = try? send(.delete, key: key, query: [("uploadId", uploadID)])
    }
}

/// The parts handed out and finished so far, shared by the upload's workers.
private final class PartProgress: Sendable {
    private let count: Int
    private let next = Atomic<Int>(0)
    private let state: Mutex<(etags: [String?], error: (any Error)?)>

    init(count: Int) {
        self.count = count
        state = Mutex((etags: Array(repeating: nil, count: count), error: nil))
    }

    func nextPart() -> Int? {
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return index < count ? index : nil
    }

    var hasFailed: Bool { state.withLock { $0.error != nil } }

    func finish(_ index: Int, etag: String) { state.withLock { $0.etags[index] = etag } }

    func fail(_ error: any Error) { state.withLock { if $0.error == nil { $0.error = error } } }

    func etags() throws -> [String] {
        let (etags, error) = state.withLock { ($0.etags, $0.error) }
        if let error { throw error }
        return etags.map { $0! }  // every part finished when no worker failed
    }
}
