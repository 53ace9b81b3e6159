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

    /// Text keys read with dictionary codes, with other dictionaries, and plain, share one set of groups.
    @Test func dictionaryCodedKeysGroupLikePlainOnes() {
        func text(_ values: [String?]) -> Column {
            Column(type: .string, buffer: .bytes(VarBinary(strings: values.map { $0 ?? "" })),
                   validity: values.contains(where: { $0 == nil }) ? values.map { $0 != nil } : nil)
        }
        let batches: [[String?]] = [
            ["b", "a", nil, "b", "c", "a", "a", "b"],
            ["c", "c", "a", nil, "d", "b", "d", "a"],
            ["a", "d", "e", "b", "a", "e", nil, "c"],
        ]
        var coded = GroupKeyTable(types: [.string, .int64])
        var plain = GroupKeyTable(types: [.string, .int64])
        for (k, values) in batches.enumerated() {
            let number = Column(type: .int64, buffer: .int64(values.indices.map { Int64($0 % 2) }))
            let column = text(values)
            // The middle batch stays plain; the others carry codes (each its own dictionary).
            let keys = k == 1 ? column : withDictionaryCodes(column)
            #expect(k == 1 || keys.dictionary != nil)
            #expect(coded.ids(for: [keys, number], rows: values.count) == plain.ids(for: [column, number], rows: values.count))
        }
        #expect(coded.count == plain.count)
        #expect(coded.keys == plain.keys)
    }

    /// Two and three key columns, of few combinations (found through a dense table) and of many (hashed
    /// row by row), over several batches: groups numbered in order of first appearance.
    @Test func combinedKeysNumberGroupsInOrderOfAppearance() {
        var rng = SeededGenerator(seed: 23)
        for (cardinality, columnCount) in [(3, 2), (40, 2), (5, 3), (20_000, 2)] {
            var table = GroupKeyTable(types: Array(repeating: .int64, count: columnCount))
            var expected: [[Int64]: Int32] = [:]
            for _ in 0..<3 {
                let rows = 3000
                let values = (0..<columnCount).map { _ in (0..<rows).map { _ in Int64(rng.next() % UInt64(cardinality)) } }
                let ids = table.ids(for: values.map { Column(type: .int64, buffer: .int64($0)) }, rows: rows)
                for row in 0..<rows {
                    let key = values.map { $0[row] }
                    let want = expected[key] ?? Int32(expected.count)
                    expected[key] = want
                    #expect(ids[row] == want, "\(cardinality)^\(columnCount) row \(row)")
                }
            }
            #expect(table.count == expected.count)
        }
    }
}
