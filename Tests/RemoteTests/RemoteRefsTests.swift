import Foundation
import Testing
@testable import Remote

@Suite struct RemoteRefsTests {
    let id = String(repeating: "ab", count: 20)
    let digest = String(repeating: "cd", count: 32)

    func document(refs: [String: String]? = nil, pack: String? = nil, head: String = "refs/heads/main") -> [UInt8] {
        let refs = refs ?? ["refs/heads/main": id]
        let body: [String: Any] = ["format": "cairn-refs", "version": 1, "push": "p", "head": head, "refs": refs,
                                   "packs": [["name": pack ?? "pack-\(id)", "bytes": 10, "sha256": digest]]]
        return Array(try! JSONSerialization.data(withJSONObject: body))
    }

    @Test func roundTrips() throws {
        let refs = try RemoteRefs.decode(document(), remote: "r")
        #expect(refs.targets["refs/heads/main"]?.hex == id)
        #expect(try RemoteRefs.decode(refs.encoded(), remote: "r") == refs)
    }

    @Test func refusesWhatCouldBeUsedAgainstAReader() {
        let bad: [([UInt8], String)] = [
            (Array("not json".utf8), "not a cairn refs file"),
            (Array("{\"format\":\"other\",\"version\":1,\"push\":\"\",\"head\":\"\",\"refs\":{},\"packs\":[]}".utf8), "has format 'other'"),
            (document(pack: "../../etc/passwd"), "not a git pack name"),
            (document(pack: "pack-" + id.uppercased()), "not a git pack name"),
            (document(refs: ["refs/heads/../../x": id]), "not a branch or tag"),
            (document(refs: ["refs/remotes/origin/main": id]), "not a branch or tag"),
            (document(refs: ["refs/heads/main": "zz"]), "not an object id"),
            (document(head: "HEAD"), "is not a branch"),
        ]
        for (bytes, message) in bad {
            do {
                _ = try RemoteRefs.decode(bytes, remote: "s3://b/a")
                Issue.record("accepted: \(message)")
            } catch {
                #expect("\(error)".hasPrefix("refusing remote s3://b/a: ") && "\(error)".contains(message), "\(error)")
            }
        }
    }
}
