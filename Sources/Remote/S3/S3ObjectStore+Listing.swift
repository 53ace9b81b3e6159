import Foundation
import Storage

/// ListObjectsV2, page by page with continuation tokens.
extension S3ObjectStore {
    public func list(prefix: String) throws -> [String] {
        try listObjects(prefix: prefix, withDates: false).map(\.key)
    }

    public func listDetailed(prefix: String) throws -> [StoredFile] {
        try listObjects(prefix: prefix, withDates: true)
    }

    /// Objects whose store key starts with `prefix`, sorted by key (store keys: the store's own prefix
    /// taken off).
    func listObjects(prefix: String, withDates: Bool) throws -> [StoredFile] {
        let storePrefix = configuration.prefix.isEmpty ? "" : configuration.prefix + "/"
        var files: [StoredFile] = []
        var token: String?
        repeat {
            var query = [("list-type", "2"), ("prefix", storePrefix + prefix), ("max-keys", String(listPageSize))]
            if let token { query.append(("continuation-token", token)) }
            let response = try send(.get, key: nil, query: query)
            guard response.status == 200 else { throw failure(response, .get, key: nil) }
            guard let root = S3XMLElement.parse(response.body), root.name == "ListBucketResult" else {
                throw malformedListing("not a ListBucketResult document")
            }
            for entry in root.children("Contents") {
                guard let fullKey = entry.value("Key"), fullKey.hasPrefix(storePrefix),
                      let size = entry.value("Size").flatMap({ Int($0.trimmingSpaces) }) else {
                    throw malformedListing("an entry without a key under the prefix or a size")
                }
                var modified = Date(timeIntervalSince1970: 0)
                if withDates {
                    guard let text = entry.value("LastModified"), let date = S3ObjectStore.parseTimestamp(text) else {
                        throw malformedListing("an entry without a valid LastModified")
                    }
                    modified = date
                }
                files.append(StoredFile(key: String(fullKey.dropFirst(storePrefix.count)), bytes: size, modified: modified))
            }
            token = nil
            if root.value("IsTruncated")?.trimmingSpaces == "true" {
                guard let next = root.value("NextContinuationToken"), !next.isEmpty else {
                    throw malformedListing("a truncated page without a continuation token")
                }
                token = next
            }
        } while token != nil
        return files.sorted { $0.key < $1.key }
    }

    private func malformedListing(_ why: String) -> StorageError {
        .remote("s3://\(configuration.bucket): malformed listing (\(why))")
    }

    /// ISO 8601 as S3 writes it (`2013-09-17T18:07:53.000Z`), fractional seconds optional; nil when the
    /// text is anything else.
    static func parseTimestamp(_ text: String) -> Date? {
        let bytes = Array(text.trimmingSpaces.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + count] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard bytes.count >= 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes.last == UInt8(ascii: "Z"),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var fraction = 0.0
        if bytes.count > 20 {
            guard bytes[19] == UInt8(ascii: "."), bytes.count > 21, let digits = number(20, bytes.count - 21) else { return nil }
            fraction = Double(digits) / pow(10, Double(bytes.count - 21))
        }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        return Date(timeIntervalSince1970: Double(timegm(&parts)) + fraction)
    }
}
