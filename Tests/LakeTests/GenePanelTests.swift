import Foundation
import Testing
@testable import Lake

/// Dataset panels are stored as runs of consecutive gene ids; records written as arrays still read.
struct GenePanelTests {
    private func encode(_ ids: [Int]) throws -> String {
        String(decoding: try JSONEncoder().encode(GenePanel(ids)), as: UTF8.self)
    }

    @Test func runsRoundTrip() throws {
        for ids in [[], [0], Array(0..<30_000), [5, 6, 7, 2, 3, 100, 99, 98], Array(10..<20) + Array(0..<10)] {
            let text = try encode(ids)
            #expect(try JSONDecoder().decode(GenePanel.self, from: Data(text.utf8)).ids == ids)
        }
        #expect(try encode(Array(0..<700) + Array(812..<877)) == "\"0+700,812+65\"")
    }

    @Test func arraysFromEarlierRecordsAndBadRunsAreRead() throws {
        #expect(try JSONDecoder().decode(GenePanel.self, from: Data("[3, 1, 2]".utf8)).ids == [3, 1, 2])
        for bad in ["\"1+\"", "\"x+2\"", "\"-1+3\"", "\"4+0\"", "17"] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(GenePanel.self, from: Data(bad.utf8)) }
        }
    }
}
