import Foundation

/// What a command that pins and reads a version asks of git — HEAD, a branch, a tag or a full id as a
/// commit; a commit's tree; a path in a tree; a config value — answered from the files git keeps (refs,
/// `packed-refs`, loose objects, `config`) without libgit2, whose loading (TLS, SSH and Kerberos
/// libraries among others) costs about 4 ms of every start. Each answer is `.unknown` where the reader
/// cannot be sure (a packed object, a ref or config line outside the plain forms cairn writes), and the
/// caller asks libgit2, which answers, or reports the error, as it always has.
///
/// Trees and commits' root trees are kept once read (objects never change): reading a version looks up
/// a dozen paths, each from the commit down.
final class LooseHistoryReader: @unchecked Sendable {
    enum Lookup<Value> {
        case found(Value)
        /// Certainly not there.
        case absent
        /// Not answerable here: ask libgit2.
        case unknown
    }

    let gitDirectory: String
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var roots: [ObjectID: ObjectID] = [:]
    private var trees: [ObjectID: [TreeEntry]] = [:]

    init(gitDirectory: String) {
        self.gitDirectory = gitDirectory
    }

    // MARK: Revisions

    /// The commit `spec` names, when it is `HEAD`, a full id, or a branch or tag name (git's DWIM order),
    /// and every object on the way is loose; nil otherwise, for libgit2 to resolve or refuse.
    func commit(named spec: String) -> ObjectID? {
        var start: ObjectID?
        if spec == "HEAD" {
            guard case .found(let id) = reference("HEAD") else { return nil }
            start = id
        } else if spec.utf8.count == ObjectID.byteCount * 2, let id = ObjectID(hex: spec) {
            start = id  // git reads a full id before any reference of that name
        } else {
            // Names that could also be an abbreviated id or `git describe` output keep libgit2's rules.
            guard Self.isPlainReferenceName(spec), !spec.allSatisfy(\.isHexDigit), !Self.looksDescribed(spec) else { return nil }
            candidates: for candidate in RevisionSyntax.referenceCandidates(for: spec) {
                switch reference(candidate) {
                case .found(let id): start = id; break candidates
                case .absent: continue
                case .unknown: return nil
                }
            }
        }
        return start.flatMap(peeledCommit)
    }

    /// `id` peeled through annotated tags to a commit, when every object is loose.
    private func peeledCommit(_ id: ObjectID) -> ObjectID? {
        var current = id
        for _ in 0..<8 {
            guard let (kind, content) = LooseObject.read(current, objectsDirectory: objectsDirectory) else { return nil }
            switch kind {
            case .commit: return current
            case .tag:
                guard let target = Self.header("object", in: content).flatMap(ObjectID.init(hex:)) else { return nil }
                current = target
            case .tree, .blob: return nil  // libgit2 names what it is instead
            }
        }
        return nil
    }

    /// The object reference `name` points at, following symbolic references.
    func reference(_ name: String, depth: Int = 0) -> Lookup<ObjectID> {
        guard depth < 5, name == "HEAD" || Self.isPlainReferenceName(name) else { return .unknown }
        switch Self.smallFile(gitDirectory + "/" + name) {
        case .absent: return packedReference(name)
        case .unknown: return .unknown
        case .found(let bytes):
            let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if line.hasPrefix("ref: ") { return reference(String(line.dropFirst(5)), depth: depth + 1) }
            guard line.utf8.count == ObjectID.byteCount * 2, let id = ObjectID(hex: line) else { return .unknown }
            return .found(id)
        }
    }

    /// `name` in `packed-refs`, as `git pack-refs` writes it.
    private func packedReference(_ name: String) -> Lookup<ObjectID> {
        switch Self.smallFile(gitDirectory + "/packed-refs") {
        case .absent: return .absent
        case .unknown: return .unknown
        case .found(let bytes):
            for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("^") {
                let fields = line.split(separator: " ", maxSplits: 1)
                guard fields.count == 2, let id = ObjectID(hex: String(fields[0])) else { return .unknown }
                if fields[1] == name { return .found(id) }
            }
            return .absent
        }
    }

    // MARK: Trees

    /// The root tree of a commit or tree (or a tag of either).
    func rootTree(of id: ObjectID) -> ObjectID? {
        if let root = lock.withLock({ roots[id] }) { return root }
        guard let root = readRootTree(of: id) else { return nil }
        lock.withLock { roots[id] = root }
        return root
    }

    private func readRootTree(of id: ObjectID) -> ObjectID? {
        var current = id
        for _ in 0..<8 {
            guard let (kind, content) = LooseObject.read(current, objectsDirectory: objectsDirectory) else { return nil }
            switch kind {
            case .tree: return current
            case .commit: return Self.header("tree", in: content).flatMap(ObjectID.init(hex:))
            case .tag:
                guard let target = Self.header("object", in: content).flatMap(ObjectID.init(hex:)) else { return nil }
                current = target
            case .blob: return nil
            }
        }
        return nil
    }

    /// The entry at `path` below tree `root`; the root itself for the empty path.
    func entry(at path: TreePath, inTree root: ObjectID) -> Lookup<TreeEntry> {
        var current = TreeEntry(name: "", id: root, kind: .tree)
        for name in path.components {
            // As libgit2's lookup by path: a name under something that is not a tree is not there.
            guard current.kind == .tree else { return .absent }
            guard let entries = entries(ofTree: current.id) else { return .unknown }
            guard let next = entries.first(where: { $0.name == name }) else { return .absent }
            current = next
        }
        return .found(current)
    }

    /// A loose tree's entries in stored (git's) order.
    func entries(ofTree id: ObjectID) -> [TreeEntry]? {
        if let entries = lock.withLock({ trees[id] }) { return entries }
        guard let entries = readEntries(ofTree: id) else { return nil }
        lock.withLock { trees[id] = entries }
        return entries
    }

    private func readEntries(ofTree id: ObjectID) -> [TreeEntry]? {
        guard let (kind, content) = LooseObject.read(id, objectsDirectory: objectsDirectory), kind == .tree else { return nil }
        // "<octal mode> <name>\0<20-byte id>", repeated.
        var entries: [TreeEntry] = []
        var at = content.startIndex
        while at < content.endIndex {
            guard let space = content[at...].firstIndex(of: 0x20), let nul = content[space...].firstIndex(of: 0),
                  nul + 1 + ObjectID.byteCount <= content.endIndex, let id = ObjectID(bytes: content[(nul + 1)..<(nul + 1 + ObjectID.byteCount)]) else {
                return nil
            }
            var mode = 0
            for digit in content[at..<space] {
                guard digit >= 0x30, digit <= 0x37 else { return nil }
                mode = mode << 3 | Int(digit - 0x30)
            }
            // As git_tree_entry_type: directories are trees, gitlinks commits, anything else a blob.
            let kind: TreeEntry.Kind = switch mode & 0o170000 {
            case 0o040000: .tree
            case 0o160000: .commit
            default: .blob
            }
            entries.append(TreeEntry(name: String(decoding: content[(space + 1)..<nul], as: UTF8.self), id: id, kind: kind))
            at = nul + 1 + ObjectID.byteCount
        }
        return entries
    }

    // MARK: Config

    /// `key` (`section.variable` or `section.subsection.variable`) in the repository's own `config`, the
    /// last value written, when every line is of the plain forms libgit2 writes for cairn.
    func configValue(_ key: String) -> Lookup<String> {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, !parts.contains(where: \.isEmpty) else { return .unknown }
        let section = parts[0].lowercased(), variable = parts[parts.count - 1].lowercased()
        let subsection = parts.count > 2 ? parts[1..<(parts.count - 1)].joined(separator: ".") : nil
        guard case .found(let bytes) = Self.smallFile(gitDirectory + "/config") else { return .unknown }
        var inSection = false
        var value: String?
        for rawLine in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            // Escapes, quoted values, continuations and comments after a value: libgit2's parser.
            if line.contains("\\") || line.contains(";") || line.contains("#") { return .unknown }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else { return .unknown }
                let header = line.dropFirst().dropLast()
                let name: Substring, sub: String?
                if let quote = header.firstIndex(of: "\"") {
                    guard header.hasSuffix("\""), header.index(before: header.endIndex) > quote,
                          header[..<quote].hasSuffix(" ") else { return .unknown }
                    name = header[..<quote].dropLast()
                    sub = String(header[header.index(after: quote)..<header.index(before: header.endIndex)])
                } else {
                    name = header
                    sub = nil
                }
                let lowered = name.lowercased()
                guard !lowered.isEmpty, !lowered.contains("."), !lowered.contains(" "), !lowered.hasPrefix("include") else { return .unknown }
                inSection = lowered == section && sub == subsection
                continue
            }
            guard let equals = line.firstIndex(of: "="), !line.contains("\"") else { return .unknown }
            if inSection && line[..<equals].trimmingCharacters(in: .whitespaces).lowercased() == variable {
                value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return value.map { .found($0) } ?? .absent
    }

    // MARK: Helpers

    private var objectsDirectory: String { gitDirectory + "/objects" }

    /// The value of the header line `field` of a commit or tag (before the blank line).
    private static func header(_ field: String, in content: ArraySlice<UInt8>) -> String? {
        let prefix = Array((field + " ").utf8)
        var at = content.startIndex
        while at < content.endIndex {
            let end = content[at...].firstIndex(of: 0x0A) ?? content.endIndex
            if end == at { return nil }  // the message starts
            if content[at..<end].starts(with: prefix) { return String(decoding: content[(at + prefix.count)..<end], as: UTF8.self) }
            at = end + 1
        }
        return nil
    }

    /// A name git could store as a plain file under the git directory (git-check-ref-format, strictly).
    static func isPlainReferenceName(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.hasSuffix("/"), !name.hasSuffix(".lock"), !name.contains("..") else { return false }
        for component in name.split(separator: "/", omittingEmptySubsequences: false) {
            guard !component.isEmpty, !component.hasPrefix("."), !component.hasSuffix(".") else { return false }
        }
        return name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x2F
        }
    }

    /// `NAME-gHEX`, which libgit2 reads as `git describe` output before trying references.
    private static func looksDescribed(_ name: String) -> Bool {
        guard let range = name.range(of: "-g", options: .backwards) else { return false }
        let tail = name[range.upperBound...]
        return !tail.isEmpty && tail.allSatisfy(\.isHexDigit)
    }

    /// A small file's bytes; `.absent` when there is no such file.
    private static func smallFile(_ path: String) -> Lookup<[UInt8]> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return errno == ENOENT || errno == ENOTDIR ? .absent : .unknown }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size < 1 << 20 else { return .unknown }
        let capacity = Int(info.st_size) + 1  // one more, to see the end
        var complete = false
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            var done = 0
            while done < capacity {
                let n = read(fd, buffer.baseAddress! + done, capacity - done)
                if n < 0 && errno == EINTR { continue }
                if n == 0 { complete = true }
                guard n > 0 else { break }
                done += n
            }
            initialized = done
        }
        return complete && !bytes.isEmpty ? .found(bytes) : .unknown
    }
}

extension LooseHistoryReader.Lookup: Equatable where Value: Equatable {}
