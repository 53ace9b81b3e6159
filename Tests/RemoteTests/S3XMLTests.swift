import Testing
@testable import Remote

/// The XML reader of S3 responses: what S3 sends, and what a broken proxy or a cut body looks like.
@Suite struct S3XMLTests {
    @Test func readsListingsAndErrors() throws {
        let listing = """
        <?xml version="1.0" encoding="UTF-8"?>
        <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><IsTruncated>true</IsTruncated>
          <Contents><Key>objects/ab/c&amp;d</Key><Size>12</Size></Contents>
          <!-- a comment -->
          <Contents><Key><![CDATA[a<b&c]]></Key><Size>0</Size><Owner/></Contents>
          <NextContinuationToken>t&#x31;&#50;</NextContinuationToken>
        </ListBucketResult>
        """
        let root = try #require(S3XMLElement.parse(Array(listing.utf8)))
        #expect(root.name == "ListBucketResult")
        #expect(root.children("Contents").map { $0.value("Key") } == ["objects/ab/c&d", "a<b&c"])
        #expect(root.value("NextContinuationToken") == "t12")
        #expect(root.children("Contents")[1].child("Owner") != nil)
        let error = try #require(S3XMLElement.parse(Array("<Error><Code>SlowDown</Code><Message>Please &lt;slow&gt; down</Message></Error>".utf8)))
        #expect(error.value("Code") == "SlowDown" && error.value("Message") == "Please <slow> down")
    }

    @Test func refusesWhatIsNotXML() {
        for text in ["", "<html><body>Bad gateway", "<Error><Code>x</Error>", "<A>&bogus;</A>", "plain text", "<A></A><B></B>"] {
            #expect(S3XMLElement.parse(Array(text.utf8)) == nil, "\(text)")
        }
    }
}
