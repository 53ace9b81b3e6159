import Foundation
import Testing
@testable import Stream

/// The scanner path of vocabulary and medians files against JSONDecoder: where it reads a file, it
/// reads what the decoder reads; what it does not take it leaves to the decoder.
@Suite struct JSONObjectFileTests {
    func decoded(_ text: String) -> [String: JSONObjectFile.Scalar]? {
        try? JSONDecoder().decode([String: JSONObjectFile.Scalar].self, from: Data(text.utf8))
    }

    @Test func readsWhatTheDecoderReads() throws {
        // Medians as Python's json.dumps writes them, a vocabulary's integers, and the other scalars.
        var random = SeededRandom(seed: 3, epoch: 0, cellID: 0)
        var entries: [String] = []
        for i in 0..<2000 {
            let value: String
            switch i % 6 {
            case 0: value = String(Double.random(in: 0.001...50, using: &random))
            case 1: value = String(Int.random(in: -5...100_000, using: &random))
            case 2: value = ["1e-05", "2.5E+10", "3.255e2", "-0.5", "4.0", "5e-324"][(i / 6) % 6]
            case 3: value = ["null", "true", "false", "\"text\"", "\"\\u00e9\"", "0"][(i / 6) % 6]
            case 4: value = String(Double(Float.random(in: 0...1, using: &random)))
            default: value = "-0"
            }
            entries.append("\"ENSG\(i)\\u00e9\": \(value)")
        }
        let text = "{\n  " + entries.joined(separator: ",\n  ") + "\n}"
        let scanned = JSONObjectFile.scan(Array(text.utf8))
        #expect(scanned != nil)
        #expect(scanned == decoded(text))
        #expect(scanned?.count == 2000)
        #expect(JSONObjectFile.scan(Array("{}".utf8)) == [:])
    }

    @Test func leavesTheRestToTheDecoder() {
        // What JSON does not allow, and numbers past 2^53.
        for text in [#"{"a": 1.}"#, #"{"a": .5}"#, #"{"a": 1e}"#, #"{"a": +1}"#, #"{"a": 1.7976931348623157e308}"#, #"{"a": 1E400}"#, #"{"a": 01}"#, #"{"a": [1]}"#, #"{"a": {"b": 1}}"#, #"{"a": 1, "a": 2}"#,
                     #"{"a": 99999999999999999999}"#, #"{"a": 1} x"#, #"[1, 2]"#, #"{"a": 1"#, ""] {
            #expect(JSONObjectFile.scan(Array(text.utf8)) == nil, "\(text)")
        }
    }
}
