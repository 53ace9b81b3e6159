import Storage

/// The data objects of a remote as a lazy clone or an in-place read sees them: read-only, through the
/// local `ObjectCache`. Small objects come whole and are checked against their SHA-256 before use;
/// large ones come in aligned blocks by ranged GET (only the pages a query needs, a block at a time),
/// each checked against the block digest its manifest records.
public struct CachedRemoteObjects: ObjectStore {
    public let remote: any ObjectStore
    public let cache: ObjectCache
    /// The URL, for messages.
    public let name: String

    public init(remote: any ObjectStore, cache: ObjectCache, name: String) {
        self.remote = remote
        self.cache = cache
        self.name = name
    }

    /// A whole object: from the cache, else fetched, verified and cached.
    public func get(_ key: String) throws -> [UInt8] {
        guard let hash = Self.hash(ofKey: key) else { return try remote.get(key) }
        if let cached = cache.object(hash) { return cached }
        let bytes = try remote.get(key)
        do { try cache.storeObject(hash, bytes) } catch let error as StorageError {
            if case .hashMismatch = error { throw RemoteError.corruptRemote(name, "\(error)") }
            throw error
        }
        return bytes
    }

    public func get(_ key: String, range: Range<Int>) throws -> [UInt8] {
        guard let size = try size(of: key) else { throw StorageError.notFound(key) }
        return try rangeReader(key, size: size, blocks: nil).read(range)
    }

    public func size(of key: String) throws -> Int? {
        if let hash = Self.hash(ofKey: key), let cached = cache.object(hash) { return cached.count }
        return try remote.size(of: key)
    }

    public func rangeReader(_ key: String) throws -> any ObjectRangeReader {
        guard let size = try size(of: key) else { throw StorageError.notFound(key) }
        return try rangeReader(key, size: size, blocks: nil)
    }

    public func rangeReader(_ key: String, size: Int, blocks: BlockDigests?) throws -> any ObjectRangeReader {
        guard let hash = Self.hash(ofKey: key) else { return try remote.rangeReader(key) }
        if let blocks, !blocks.fits(size: size) {
            throw RemoteError.corruptRemote(name, "\(key): the manifest's \(blocks.sha256.count) block digests do not fit \(size) bytes")
        }
        return BlockReader(objects: self, hash: hash, key: key, size: size, digests: blocks)
    }

    public func getVersioned(_ key: String) throws -> VersionedBytes? { try remote.getVersioned(key) }
    public func version(of key: String) throws -> ObjectVersion? { try remote.version(of: key) }
    public func list(prefix: String) throws -> [String] { try remote.list(prefix: prefix) }
    public func listDetailed(prefix: String) throws -> [StoredFile] { try remote.listDetailed(prefix: prefix) }

    public func putIfAbsent(_ key: String, _ bytes: [UInt8]) throws -> Bool { throw readOnly() }
    public func put(_ key: String, _ bytes: [UInt8], if condition: WriteCondition) throws -> ObjectVersion { throw readOnly() }
    public func delete(_ key: String) throws { throw readOnly() }

    private func readOnly() -> StorageError { .unsupported("\(name): objects read from a remote are read-only here") }

    static func hash(ofKey key: String) -> ObjectHash? {
        let parts = key.split(separator: "/")
        guard parts.count == 3, parts[0] == "objects", parts[1].count == 2 else { return nil }
        return ObjectHash(hex: String(parts[1] + parts[2]))
    }
}

/// Ranged reads of one remote object through the cache's blocks. An object no larger than a block is
/// fetched whole (and checked against its hash); a larger one a run of missing blocks per request, each
/// block checked against its digest when the manifest records them (objects written before block
/// digests existed are read unchecked).
private struct BlockReader: ObjectRangeReader {
    let objects: CachedRemoteObjects
    let hash: ObjectHash
    let key: String
    let size: Int
    let digests: BlockDigests?

    func read(_ range: Range<Int>) throws -> [UInt8] {
        guard range.lowerBound >= 0, range.upperBound <= size else {
            throw StorageError.rangeOutOfBounds(key: key, range: range, size: size)
        }
        if range.isEmpty { return [] }
        let cache = objects.cache
        if let whole = cache.range(of: hash, range) { return whole }
        let blockBytes = digests?.blockBytes ?? cache.blockBytes
        if size <= blockBytes {
            return Array(try objects.get(key)[range])
        }
        let first = range.lowerBound / blockBytes, last = (range.upperBound - 1) / blockBytes
        var blocks: [[UInt8]?] = (first...last).map { cache.block(hash, $0, of: blockBytes) }
        // Each run of missing blocks in one ranged GET.
        var index = 0
        while index < blocks.count {
            guard blocks[index] == nil else { index += 1; continue }
            var end = index
            while end + 1 < blocks.count, blocks[end + 1] == nil { end += 1 }
            let start = (first + index) * blockBytes
            let stop = min(size, (first + end + 1) * blockBytes)
            let fetched = try objects.remote.get(key, range: start..<stop)
            guard fetched.count == stop - start else {
                throw RemoteError.corruptRemote(objects.name, "\(key): asked for \(stop - start) bytes at \(start), got \(fetched.count)")
            }
            for n in index...end {
                let offset = (n - index) * blockBytes
                let block = Array(fetched[offset..<min(fetched.count, offset + blockBytes)])
                if let digests {
                    let actual = ObjectHash.of(block)
                    guard actual == digests.sha256[first + n] else {
                        throw RemoteError.corruptRemote(objects.name, "\(key): block \(first + n) has SHA-256 \(actual.hex), the manifest says \(digests.sha256[first + n].hex)")
                    }
                }
                try? cache.storeBlock(hash, first + n, of: blockBytes, block)
                blocks[n] = block
            }
            index = end + 1
        }
        var result = [UInt8]()
        result.reserveCapacity(range.count)
        for (n, block) in blocks.enumerated() {
            let blockStart = (first + n) * blockBytes
            let lower = max(range.lowerBound, blockStart) - blockStart
            let upper = min(range.upperBound, blockStart + block!.count) - blockStart
            result.append(contentsOf: block![lower..<upper])
        }
        return result
    }
}
