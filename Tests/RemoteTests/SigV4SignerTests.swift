import Foundation
import Testing
@testable import Remote

/// The examples of AWS's "Signature Calculations for the Authorization Header" (S3 API reference):
/// the same credentials, bucket and date; each expected signature is AWS's published one.
@Suite struct SigV4SignerTests {
    static let signer = SigV4Signer(
        credentials: AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1")
    static let date = Date(timeIntervalSince1970: 1_369_353_600)  // 20130524T000000Z
    static let credential = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request"

    @Test func getObjectWithRange() {
        var headers: HTTPHeaders = ["Host": "examplebucket.s3.amazonaws.com", "Range": "bytes=0-9"]
        Self.signer.sign(method: .get, path: "/test.txt", query: [], headers: &headers, payloadHash: SigV4Signer.emptyPayloadHash, date: Self.date)
        #expect(headers["Authorization"] == Self.credential
            + ",SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(headers["x-amz-date"] == "20130524T000000Z")
        #expect(headers["X-Amz-Content-SHA256"] == SigV4Signer.emptyPayloadHash)
        #expect(headers["x-amz-security-token"] == nil)
    }

    @Test func canonicalRequestOfGetObject() {
        let headers: HTTPHeaders = ["Host": "examplebucket.s3.amazonaws.com", "Range": "bytes=0-9",
                                    "x-amz-content-sha256": SigV4Signer.emptyPayloadHash, "x-amz-date": "20130524T000000Z"]
        let (request, signed) = Self.signer.canonicalRequest(method: "GET", path: "/test.txt", query: [], headers: headers,
                                                            payloadHash: SigV4Signer.emptyPayloadHash)
        #expect(signed == "host;range;x-amz-content-sha256;x-amz-date")
        #expect(request == """
            GET
            /test.txt

            host:examplebucket.s3.amazonaws.com
            range:bytes=0-9
            x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            x-amz-date:20130524T000000Z

            host;range;x-amz-content-sha256;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """)
    }

    @Test func putObjectWithAnEncodedKey() {
        let body = Array("Welcome to Amazon S3.".utf8)
        let hash = SigV4Signer.payloadHash(body[...])
        #expect(hash == "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
        let path = "/" + AWSURIEncoding.encode("test$file.text", keepingSlashes: true)
        #expect(path == "/test%24file.text")
        var headers: HTTPHeaders = ["Host": "examplebucket.s3.amazonaws.com", "Date": "Fri, 24 May 2013 00:00:00 GMT",
                                    "x-amz-storage-class": "REDUCED_REDUNDANCY"]
        Self.signer.sign(method: .put, path: path, query: [], headers: &headers, payloadHash: hash, date: Self.date)
        #expect(headers["Authorization"] == Self.credential
            + ",SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
    }

    @Test func getBucketLifecycleWithAValuelessParameter() {
        var headers: HTTPHeaders = ["Host": "examplebucket.s3.amazonaws.com"]
        Self.signer.sign(method: .get, path: "/", query: [("lifecycle", "")], headers: &headers,
                         payloadHash: SigV4Signer.emptyPayloadHash, date: Self.date)
        #expect(headers["Authorization"] == Self.credential
            + ",SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")
    }

    @Test func listObjectsWithParametersOutOfOrder() {
        var headers: HTTPHeaders = ["Host": "examplebucket.s3.amazonaws.com"]
        Self.signer.sign(method: .get, path: "/", query: [("prefix", "J"), ("max-keys", "2")], headers: &headers,
                         payloadHash: SigV4Signer.emptyPayloadHash, date: Self.date)
        #expect(headers["Authorization"] == Self.credential
            + ",SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")
    }

    @Test func sessionTokenIsSentAndSigned() {
        var signer = Self.signer
        signer.credentials.sessionToken = "token/with+chars="
        var headers: HTTPHeaders = ["Host": "examplebucket.s3.amazonaws.com"]
        signer.sign(method: .get, path: "/test.txt", query: [], headers: &headers, payloadHash: SigV4Signer.emptyPayloadHash, date: Self.date)
        #expect(headers["X-Amz-Security-Token"] == "token/with+chars=")
        #expect(headers["Authorization"]?.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,") == true)
    }

    @Test func uriEncodingFollowsAWSRules() {
        #expect(AWSURIEncoding.encode("objects/ab/cd ef+é~_-.", keepingSlashes: true) == "objects/ab/cd%20ef%2B%C3%A9~_-.")
        #expect(AWSURIEncoding.encode("a/b", keepingSlashes: false) == "a%2Fb")
        #expect(AWSURIEncoding.canonicalQuery([("prefix", "repo/objects/"), ("list-type", "2"), ("continuation-token", "a+b=")])
            == "continuation-token=a%2Bb%3D&list-type=2&prefix=repo%2Fobjects%2F")
    }

    @Test func timestampIsUTC() {
        #expect(SigV4Signer.timestamp(Date(timeIntervalSince1970: 1_700_000_000.9)) == "20231114T221320Z")
    }
}
