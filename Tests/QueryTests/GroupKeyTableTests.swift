import Columnar
import Testing
@testable import Query

/// Grouping keys: equal keys get one code, in order of first appearance, whatever path a key takes.
@Suite struct GroupKeyTableTests {
    /// Strings of many lengths (around a word and two), sharing long prefixes, with zero bytes inside, at
    /// the very end of the buffer, and over several batches.
    @Test func byteKeysGetOneCodeEachInOrderOfAppearance() {
        var rng = SeededGenerator(seed: 17)
        let alphabet: [UInt8] = [0, 97, 98]
        let distinct: [[UInt8]] = (0..<300).map { _ in
            let length = [0, 1, 7, 8, 9, 15, 16, 17, 24, 40].randomElement(using: &rng)!
            return (0..<length).map { _ in alphabet.randomElement(using: &rng)! }
        }
        var map = ByteKeyMap()
        var expected: [[UInt8]: Int32] = [:]
        for _ in 0..<4 {
            let batch = (0..<2000).map { _ in distinct.randomElement(using: &rng)! }
            var values = VarBinary()
            for bytes in batch { values.append(contentsOf: bytes) }
            let codes = map.codes(values, rows: batch.count)
            for (bytes, code) in zip(batch, codes) {
                if let known = expected[bytes] {
                    #expect(code == known, "\(bytes)")
                } else {
                    #expect(code == Int32(expected.count + 1), "\(bytes) is new")
                    expected[bytes] = code
                }
            }
        }
    }
}

