import Foundation
import Storage
import Testing
@testable import Lake

/// The fast manifest reader against Foundation's JSONDecoder: on everything the encoder writes, and on
/// hand-written JSON (other spacing, unknown keys, escapes, nulls), it gives the same manifest; on what
/// it does not take it returns nil, so the decoder decides.
@Suite struct FragmentManifestParserTests {
    func decoded(_ bytes: [UInt8]) -> FragmentManifest? { try? JSONDecoder().decode(FragmentManifest.self, from: Data(bytes)) }

    func hash(_ n: Int) -> ObjectHash { ObjectHash.of(Array("object \(n)".utf8)) }

    @Test func readsWhatTheEncoderWritesExactly() throws {
        var random = SplitMix(seed: 99)
        let texts = ["", "a", "B cell", "quote \" and backslash \\", "tab\tnew\nline", "é日本語👍🏽", "\u{01}\u{1F}", "slash / and </script>",
                     "-0", "1.5e300", "null"]
        for n in 0..<300 {
            let objects = (0..<(1 + Int(random.next() % 3))).map { k -> FragmentObject in
                FragmentObject(hash: hash(n * 10 + k), bytes: Int(random.next() % 10_000_000), columns: ["row", "col", texts[k % texts.count]],
                               footer: ByteRange(offset: Int(random.next() % 1000), length: 12),
                               columnIndex: random.next() % 2 == 0 ? nil : ByteRange(offset: 1, length: 2),
                               offsetIndex: random.next() % 3 == 0 ? nil : ByteRange(offset: 3, length: 4),
                               blocks: random.next() % 2 == 0 ? nil : BlockDigests(blockBytes: 1 << 20, sha256: [hash(1), hash(2)]))
            }
            var manifest = FragmentManifest(
                rowOffset: Int(random.next() % 1_000_000), rows: Int(random.next() % 1_000_000), objects: objects,
                deletionVector: random.next() % 3 == 0 ? DeletionVectorReference(hash: hash(n), bytes: 44, deletedRows: 3) : nil,
                statistics: Dictionary(uniqueKeysWithValues: (0..<Int(random.next() % 4)).map { k in
                    (texts[(n + k) % texts.count] + "\(k)", ColumnStatistics(min: random.next() % 4 == 0 ? nil : texts[(n + 2 * k) % texts.count],
                                                                             max: random.next() % 4 == 0 ? nil : String(Int64(bitPattern: random.next())),
                                                                             nullCount: Int(random.next() % 5),
                                                                             integral: [nil, true, false][Int(random.next() % 3)]))
                }))
            if random.next() % 2 == 0 {
                manifest.dataset = texts[n % texts.count]
                manifest.datasetRow = Int(random.next() % 100_000)
            }
            let bytes = try ManifestCoding.encode(manifest)
            #expect(FragmentManifestParser.parse(bytes) == manifest)
            #expect(decoded(bytes) == manifest)
        }
    }

    @Test func handWrittenJSONReadsAsTheDecoderReadsIt() throws {
        let h = hash(1).hex
        let cases = [
            // Compact, other key order, unknown keys of every kind, explicit nulls.
            #"{"rows":3,"row_offset":0,"format_version":1,"future":{"a":[1,2.5e3,true,false,null,"x"]},"objects":[{"sha256":"\#(h)","bytes":10,"columns":["a"],"footer":{"offset":1,"length":2},"column_index":null,"blocks":null,"extra":-1}],"statistics":{},"deletion_vector":null,"dataset":null,"dataset_row":null}"#,
            // Escapes: \u with a surrogate pair, \/ and the short forms; spacing of every kind.
            "{ \"format_version\" : 1 ,\r\n\t\"row_offset\": 0, \"rows\": 1, \"objects\": [ ], \"statistics\": {\"c\\u00e9\\ud83d\\ude00\": {\"min\": \"a\\/b\\\\c\\\"d\\n\\t\\b\\f\\r\", \"null_count\": 0}} }",
            // Negative and zero integers.
            #"{"format_version":1,"row_offset":-5,"rows":0,"objects":[],"statistics":{"x":{"null_count":0,"min":null,"max":"0"}}}"#,
            // Whole-number flags, spaced and not, and a null one.
            #"{"format_version":1,"row_offset":0,"rows":2,"objects":[],"statistics":{"v":{"min":"1.0","max":"7.0","null_count":0,"integral": true},"w":{"null_count":1,"integral":false},"x":{"null_count":0,"integral":null}}}"#,
        ]
        for text in cases {
            let bytes = Array(text.utf8)
            let expected = try #require(decoded(bytes), "\(text)")
            #expect(FragmentManifestParser.parse(bytes) == expected, "\(text)")
        }
    }

    @Test func whatItDoesNotTakeIsLeftToTheDecoder() {
        let h = hash(1).hex
        let cases = [
            #"{"row_offset":0,"rows":1,"objects":[],"statistics":{}}"#,                       // no format_version
            #"{"format_version":1,"row_offset":0,"rows":1.5,"objects":[],"statistics":{}}"#,  // a fraction
            #"{"format_version":1,"row_offset":0,"rows":1e2,"objects":[],"statistics":{}}"#,  // an exponent
            #"{"format_version":1,"row_offset":0,"rows":01,"objects":[],"statistics":{}}"#,   // a leading zero
            #"{"format_version":1,"row_offset":0,"rows":99999999999999999999,"objects":[],"statistics":{}}"#,
            #"{"format_version":1,"row_offset":0,"rows":1,"objects":[{"sha256":"nothex","bytes":1,"columns":[],"footer":{"offset":0,"length":1}}],"statistics":{}}"#,
            #"{"format_version":1,"row_offset":0,"rows":1,"objects":[{"sha256":"\#(h)","bytes":1,"columns":[]}],"statistics":{}}"#,
            "{\"format_version\":1,\"row_offset\":0,\"rows\":1,\"objects\":[],\"statistics\":{\"a\u{01}\":{\"null_count\":0}}}",  // raw control character
            #"{"format_version":1,"row_offset":0,"rows":1,"objects":[],"statistics":{"\ud83d":{"null_count":0}}}"#,  // a lone surrogate
            #"{"format_version":1,"row_offset":0,"rows":1,"objects":[],"statistics":{"v":{"null_count":0,"integral":1}}}"#,  // not a boolean
            #"{"format_version":1,"row_offset":0,"rows":1,"objects":[],"statistics":{}} trailing"#,
            #"{"format_version":1,"row_offset":0,"rows":1,"objects":[],"statistics":{}"#,
            "",
        ]
        for text in cases {
            let bytes = Array(text.utf8)
            #expect(FragmentManifestParser.parse(bytes) == nil, "\(text)")
        }
        // Invalid UTF-8 inside a string.
        var bytes = Array(#"{"format_version":1,"row_offset":0,"rows":1,"objects":[],"statistics":{},"dataset":"ab"}"#.utf8)
        bytes[bytes.count - 3] = 0xFF
        #expect(FragmentManifestParser.parse(bytes) == nil)
    }
}
