import Foundation
import Testing
@testable import History

@Suite struct ObjectIDTests {
    let hex = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

    @Test func roundTripsThroughHexAndBytes() throws {
        let id = try #require(ObjectID(hex: hex))
        #expect(id.hex == hex)
        #expect(id.description == hex)
        #expect(id.bytes.count == 20)
        #expect(id.bytes.first == 0x4b)
        #expect(id.bytes.last == 0x04)
        #expect(ObjectID(bytes: id.bytes) == id)
        #expect(ObjectID(hex: hex.uppercased()) == id)
        #expect(id.abbreviated() == "4b825dc")
    }

    @Test func rejectsMalformedHex() {
        #expect(ObjectID(hex: "") == nil)
        #expect(ObjectID(hex: String(hex.dropLast())) == nil)
        #expect(ObjectID(hex: hex + "0") == nil)
        #expect(ObjectID(hex: "g" + hex.dropFirst()) == nil)
        #expect(ObjectID(bytes: [UInt8](repeating: 1, count: 19)) == nil)
    }

    @Test func ordersLikeHex() throws {
        let low = try #require(ObjectID(hex: String(repeating: "0", count: 39) + "f"))
        let high = try #require(ObjectID(hex: "1" + String(repeating: "0", count: 39)))
        #expect(low < high)
        #expect(Set([low, high, low]).count == 2)
    }

    @Test func codesAsHexString() throws {
        let id = try #require(ObjectID(hex: hex))
        let encoded = try JSONEncoder().encode([id])
        #expect(encoded.text == "[\"\(hex)\"]")
        #expect(try JSONDecoder().decode([ObjectID].self, from: encoded) == [id])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([ObjectID].self, from: Data("[\"abc\"]".utf8))
        }
    }

    @Test func convertsToAndFromLibgit2() throws {
        let id = try #require(ObjectID(hex: hex))
        #expect(ObjectID(id.gitOID) == id)
    }
}
