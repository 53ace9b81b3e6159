import Testing
@testable import Remote

@Suite struct RemoteLocationTests {
    @Test func parsesEachScheme() throws {
        #expect(try RemoteLocation(parsing: "s3://lab-atlas/pbmc/") == .s3(bucket: "lab-atlas", prefix: "pbmc"))
        #expect(try RemoteLocation(parsing: "s3://lab-atlas") == .s3(bucket: "lab-atlas", prefix: ""))
        #expect(try RemoteLocation(parsing: "file:///mnt/share/pbmc.cairn") == .directory("/mnt/share/pbmc.cairn"))
        #expect(try RemoteLocation(parsing: "https://host/pbmc.cairn/") == .web("https://host/pbmc.cairn"))
    }

    @Test func refusesMalformedURLs() {
        #expect(throws: RemoteError.self) { try RemoteLocation(parsing: "s3://") }
        #expect(throws: RemoteError.self) { try RemoteLocation(parsing: "s3://b/a/../c") }
        #expect(throws: RemoteError.self) { try RemoteLocation(parsing: "ftp://host/x") }
    }
}
