import Foundation
import History
import Storage

/// A cairn repository on local disk: `cairn.json`, a bare git repository in `git/` holding the history
/// (each commit's tree is the manifest), and immutable data objects under `objects/`.
public final class Repository {
    public static let configFile = "cairn.json"
    static let lockFile = "cairn.lock"
    /// Writers of data objects hold a shared flock on it, `gc` an exclusive one (docs/format.md §7).
    static let collectionLockFile = "gc.lock"

    /// The repository directory, absolute.
    public let path: String
    public let config: RepositoryConfig
    let git: GitRepository
    let objects: ContentAddressedStore
    /// The same files without the writer registration, for maintenance (listing, deleting).
    let localStore: LocalObjectStore
    /// Where data objects the manifests name but `objects/` lacks are read from: the remote a lazy clone
    /// came from (through the local cache), or nil when every object must be local.
    public private(set) var remoteObjects: (any ObjectStore)?

    private init(path: String, config: RepositoryConfig, git: GitRepository) {
        self.path = path
        self.config = config
        self.git = git
        localStore = LocalObjectStore(root: path)
        // Every data object written through this repository first registers the process as a writer in
        // flight, so that `gc` cannot collect objects no commit names yet.
        objects = ContentAddressedStore(store: WriterRegisteringObjectStore(localStore, lockPath: path + "/" + Repository.collectionLockFile))
    }

    /// Creates a new, empty repository whose HEAD is the unborn branch `main`. Its first commit is an
    /// empty dataset, unless `withoutHistory` (a clone, whose history comes from its remote).
    public static func create(at path: String, config: RepositoryConfig = RepositoryConfig(), withoutHistory: Bool = false) throws -> Repository {
        let absolute = absolutePath(path)
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: absolute, isDirectory: &isDirectory) {
            guard isDirectory.boolValue, (try? fm.contentsOfDirectory(atPath: absolute))?.isEmpty == true else {
                throw LakeError.repositoryExists(path)
            }
        }
        try fm.createDirectory(atPath: absolute + "/objects", withIntermediateDirectories: true)
        let git = try GitRepository.create(at: absolute + "/git")
        let store = LocalObjectStore(root: absolute)
        try store.put(configFile, try ManifestCoding.encode(config), if: .absent)
        let repository = Repository(path: absolute, config: config, git: git)
        if withoutHistory { return repository }
        // Version 0 is an empty dataset, so every reader has a commit to resolve from the start.
        try repository.commit(message: "Initialize repository") { _, _, _ in }
        return repository
    }

    /// Opens the repository at exactly `path`. `remoteObjects`, given the opened repository (its config
    /// names the remote), returns the store to read objects that are known but not local from.
    public static func open(at path: String, remoteObjects: ((Repository) throws -> (any ObjectStore)?)?) throws -> Repository {
        let repository = try open(at: path)
        repository.remoteObjects = try remoteObjects?(repository)
        return repository
    }

    /// Opens the repository at exactly `path`.
    public static func open(at path: String) throws -> Repository {
        let absolute = absolutePath(path)
        let store = LocalObjectStore(root: absolute)
        guard try store.size(of: configFile) != nil,
              FileManager.default.fileExists(atPath: absolute + "/git/HEAD") else {
            throw LakeError.notARepository(path)
        }
        // A repository copied from object storage (a remote synced with any tool) lacks git's empty
        // directories, which object stores cannot hold; git needs them to recognise the repository.
        for directory in ["/git/refs", "/git/objects"] where !FileManager.default.fileExists(atPath: absolute + directory) {
            try? FileManager.default.createDirectory(atPath: absolute + directory, withIntermediateDirectories: true)
        }
        let config = try ManifestCoding.decode(RepositoryConfig.self, from: try store.get(configFile), path: configFile)
        guard config.format == "cairn" else { throw LakeError.unsupportedFormat("\(configFile) is not a cairn repository config") }
        guard config.formatVersion <= RepositoryConfig.currentFormatVersion else {
            throw LakeError.unsupportedFormat("repository format version \(config.formatVersion) is newer than this cairn (\(RepositoryConfig.currentFormatVersion)): upgrade cairn")
        }
        return Repository(path: absolute, config: config, git: try GitRepository.open(at: absolute + "/git"))
    }

    /// Finds the repository containing `directory`, walking upward like git; `remoteObjects` as for `open`.
    public static func discover(from directory: String, remoteObjects: ((Repository) throws -> (any ObjectStore)?)?) throws -> Repository {
        let repository = try discover(from: directory)
        repository.remoteObjects = try remoteObjects?(repository)
        return repository
    }

    /// Finds the repository containing `directory`, walking upward like git.
    public static func discover(from directory: String) throws -> Repository {
        var current = absolutePath(directory)
        guard FileManager.default.fileExists(atPath: current) else { throw LakeError.notARepository(directory) }
        while true {
            if FileManager.default.fileExists(atPath: current + "/" + configFile),
               FileManager.default.fileExists(atPath: current + "/git/HEAD") {
                return try open(at: current)
            }
            let parent = (current as NSString).deletingLastPathComponent
            if parent == current || parent.isEmpty { throw LakeError.notARepository(directory) }
            current = parent
        }
    }

    static func absolutePath(_ path: String) -> String {
        let url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        return url.standardizedFileURL.path
    }

    /// The commit a revision names (HEAD when nil).
    public func resolve(_ revision: String?) throws -> ObjectID {
        try git.resolveRevision(revision ?? "HEAD")
    }

    /// The version at `revision`, resolved once: later moves of refs do not change what it reads.
    public func snapshot(at revision: String?) throws -> Snapshot {
        let commit = try resolve(revision)
        return try Snapshot(repository: self, commit: commit, revision: revision ?? "HEAD")
    }

    /// A data object by full SHA-256 or unique prefix (at least 4 hex digits).
    public func dataObject(_ id: String) throws -> [UInt8] {
        let id = id.lowercased()
        if let hash = ObjectHash(hex: id) {
            if try objects.contains(hash) { return try objects.get(hash) }
            guard let remoteObjects, try remoteObjects.exists(hash.key) else { throw LakeError.unknownObject(id) }
            return try remoteObjects.get(hash.key)
        }
        guard id.count >= 4, id.allSatisfy(\.isHexDigit) else { throw LakeError.unknownObject(id) }
        let matches = try objects.store.list(prefix: "objects/\(id.prefix(2))/")
            .filter { $0.split(separator: "/").dropFirst().joined().hasPrefix(id) }
        guard let key = matches.first else { throw LakeError.unknownObject(id) }
        guard matches.count == 1 else { throw LakeError.ambiguousObject(id) }
        return try objects.store.get(key)
    }

    /// The commit graph (the bare git repository in `git/`), for the Remote layer's packs and refs.
    public var history: GitRepository { git }

    /// The data objects on this disk, without the writer registration (reads, listings).
    public var localObjects: LocalObjectStore { localStore }

    /// A reader for many ranges of one data object (opened once). Objects can be known but not local
    /// (a lazy clone): those are read from `remoteObjects`.
    func objectReader(_ object: FragmentObject) throws -> any ObjectRangeReader {
        do {
            return try objects.rangeReader(object.hash)
        } catch StorageError.notFound {
            guard let remoteObjects else { throw LakeError.objectNotLocal(object.hash.hex) }
            return try remoteObjects.rangeReader(object.hash.key, size: object.bytes, blocks: object.blocks)
        }
    }

    func readObject(_ hash: ObjectHash, range: Range<Int>? = nil) throws -> [UInt8] {
        do {
            if let range { return try objects.get(hash, range: range) }
            return try objects.get(hash)
        } catch StorageError.notFound {
            guard let remoteObjects else { throw LakeError.objectNotLocal(hash.hex) }
            if let range { return try remoteObjects.get(hash.key, range: range) }
            return try remoteObjects.get(hash.key)
        }
    }

    /// The data objects on this disk as writers see them: a put registers the process as a writer in
    /// flight (so `gc` waits). For objects fetched from a remote.
    public var writableObjects: any ObjectStore { objects.store }
}
