import Foundation
import History
import Storage

/// `refs.json` on a remote: every branch and tag with what it points at, the history packs that hold
/// them, and the id of the push that wrote it. One object, replaced by conditional PUT, so a reader
/// needs one GET and never a LIST (a static web server can serve a remote).
public struct RemoteRefs: Codable, Equatable, Sendable {
    public static let key = "refs.json"
    static let format = "cairn-refs"
    static let currentVersion = 1

    public struct Pack: Codable, Equatable, Sendable {
        /// `pack-<40 hex digits>`, git's name; the files are `git/objects/pack/<name>.pack` and `.idx`.
        public var name: String
        public var bytes: Int
        /// SHA-256 of the `.pack` file, checked before it is indexed.
        public var sha256: String
    }

    var format: String = RemoteRefs.format
    var version: Int = RemoteRefs.currentVersion
    /// A fresh id per push: a retried write whose first attempt landed is recognised by it.
    public var push: String
    /// The branch a clone checks out (`refs/heads/main`).
    public var head: String
    /// Full ref name → commit or annotated tag id (hex).
    public var refs: [String: String]
    public var packs: [Pack]

    public init(push: String, head: String, refs: [String: String], packs: [Pack]) {
        self.push = push
        self.head = head
        self.refs = refs
        self.packs = packs
    }

    static func packKey(_ name: String) -> String { "git/objects/pack/\(name).pack" }
    static func indexKey(_ name: String) -> String { "git/objects/pack/\(name).idx" }

    /// The ids, parsed (validated on decode).
    public var targets: [String: ObjectID] { refs.compactMapValues { ObjectID(hex: $0) } }

    /// Decodes and checks everything a malicious or corrupt remote could use against a reader: ref names
    /// that are not plain branches or tags, ids that are not ids, pack names that would become paths.
    static func decode(_ bytes: [UInt8], remote: String) throws -> RemoteRefs {
        let refs: RemoteRefs
        do { refs = try JSONDecoder().decode(RemoteRefs.self, from: Data(bytes)) } catch {
            throw RemoteError.corruptRemote(remote, "\(key) is not a cairn refs file (\(Self.reason(error)))")
        }
        guard refs.format == format else { throw RemoteError.corruptRemote(remote, "\(key) has format '\(refs.format)', expected '\(format)'") }
        guard refs.version <= currentVersion else {
            throw RemoteError.corruptRemote(remote, "\(key) is version \(refs.version), newer than this cairn (\(currentVersion)): upgrade cairn")
        }
        for (name, id) in refs.refs {
            guard isPlainReferenceName(name) else { throw RemoteError.corruptRemote(remote, "\(key) names ref '\(name)', which is not a branch or tag") }
            guard ObjectID(hex: id) != nil else { throw RemoteError.corruptRemote(remote, "\(key): ref '\(name)' points at '\(id)', not an object id") }
        }
        guard refs.head.isEmpty || isPlainReferenceName(refs.head) else { throw RemoteError.corruptRemote(remote, "\(key): head '\(refs.head)' is not a branch") }
        for pack in refs.packs {
            let digits = pack.name.dropFirst(5)
            guard pack.name.hasPrefix("pack-"), digits.count == 40, digits.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw RemoteError.corruptRemote(remote, "\(key) names pack '\(pack.name)', not a git pack name")
            }
            guard ObjectHash(hex: pack.sha256) != nil, pack.bytes >= 0 else {
                throw RemoteError.corruptRemote(remote, "\(key): pack '\(pack.name)' has no valid sha256 or size")
            }
        }
        return refs
    }

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [0x0A]
    }

    /// `refs/heads/x` or `refs/tags/x`, with nothing a path could escape through.
    static func isPlainReferenceName(_ name: String) -> Bool {
        guard name.hasPrefix("refs/heads/") || name.hasPrefix("refs/tags/") else { return false }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count >= 3 && !parts.contains { $0.isEmpty || $0 == "." || $0 == ".." || $0.hasPrefix(".") || $0.hasSuffix(".lock") }
            && !name.contains { $0 == "\\" || $0 == ":" || $0 == "~" || $0 == "^" || $0 == "?" || $0 == "*" || $0 == "[" || $0.isWhitespace || $0.asciiValue.map { $0 < 32 } == true }
            && !name.contains("..") && !name.contains("@{")
    }

    private static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): return context.underlyingError.map { "\($0.localizedDescription)" } ?? context.debugDescription
        case DecodingError.keyNotFound(let key, _): return "no '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context): return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default: return "not valid JSON"
        }
    }
}
