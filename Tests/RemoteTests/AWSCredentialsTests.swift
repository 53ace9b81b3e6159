import Foundation
import Testing
@testable import Remote

/// Credentials, region and endpoint found as the AWS SDKs find them, from an environment and profile
/// files the test writes (never the machine's own).
@Suite struct AWSCredentialsTests {
    /// A directory with `credentials` and `config` files, and an environment pointing at them.
    struct ProfileFiles {
        let directory: String
        var environment: [String: String]

        init(credentials: String = "", config: String = "") throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-aws-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try credentials.write(toFile: "\(directory)/credentials", atomically: true, encoding: .utf8)
            try config.write(toFile: "\(directory)/config", atomically: true, encoding: .utf8)
            environment = ["AWS_SHARED_CREDENTIALS_FILE": "\(directory)/credentials", "AWS_CONFIG_FILE": "\(directory)/config",
                           "HOME": directory]
        }

        func remove() { try? FileManager.default.removeItem(atPath: directory) }
    }

    static let credentialsFile = """
        # a comment
        [default]
        aws_access_key_id = AKIADEFAULT
        aws_secret_access_key = secret/default

        [lab]
        aws_access_key_id=AKIALAB
        aws_secret_access_key=secretlab
        aws_session_token = tokenlab
        ; another comment
        [broken]
        aws_access_key_id = AKIAONLY
        """

    static let configFile = """
        [default]
        region = eu-west-1

        [profile lab]
        region = us-west-2
        s3 =
          addressing_style = path
        endpoint_url = http://127.0.0.1:9000

        [profile configonly]
        aws_access_key_id = AKIACONFIG
        aws_secret_access_key = secretconfig
        """

    @Test func environmentWinsOverProfiles() throws {
        var files = try ProfileFiles(credentials: Self.credentialsFile)
        defer { files.remove() }
        files.environment["AWS_ACCESS_KEY_ID"] = "AKIAENV"
        files.environment["AWS_SECRET_ACCESS_KEY"] = "secretenv"
        files.environment["AWS_SESSION_TOKEN"] = "tokenenv"
        #expect(try AWSCredentials.resolve(environment: files.environment)
            == AWSCredentials(accessKeyID: "AKIAENV", secretAccessKey: "secretenv", sessionToken: "tokenenv"))
    }

    @Test func defaultAndNamedProfiles() throws {
        var files = try ProfileFiles(credentials: Self.credentialsFile, config: Self.configFile)
        defer { files.remove() }
        #expect(try AWSCredentials.resolve(environment: files.environment)
            == AWSCredentials(accessKeyID: "AKIADEFAULT", secretAccessKey: "secret/default"))
        files.environment["AWS_PROFILE"] = "lab"
        #expect(try AWSCredentials.resolve(environment: files.environment)
            == AWSCredentials(accessKeyID: "AKIALAB", secretAccessKey: "secretlab", sessionToken: "tokenlab"))
        files.environment["AWS_PROFILE"] = "configonly"
        #expect(try AWSCredentials.resolve(environment: files.environment)
            == AWSCredentials(accessKeyID: "AKIACONFIG", secretAccessKey: "secretconfig"))
    }

    @Test func credentialsFileInTheHomeDirectoryByDefault() throws {
        let files = try ProfileFiles()
        defer { files.remove() }
        try FileManager.default.createDirectory(atPath: "\(files.directory)/.aws", withIntermediateDirectories: true)
        try Self.credentialsFile.write(toFile: "\(files.directory)/.aws/credentials", atomically: true, encoding: .utf8)
        #expect(try AWSCredentials.resolve(environment: ["HOME": files.directory])?.accessKeyID == "AKIADEFAULT")
    }

    @Test func noCredentialsMeansAnonymous() throws {
        let files = try ProfileFiles()
        defer { files.remove() }
        #expect(try AWSCredentials.resolve(environment: files.environment) == nil)
        #expect(try AWSCredentials.resolve(environment: ["HOME": "/nonexistent-home"]) == nil)
    }

    @Test func missingNamedProfileAndHalfCredentialsAreErrors() throws {
        var files = try ProfileFiles(credentials: Self.credentialsFile)
        defer { files.remove() }
        files.environment["AWS_PROFILE"] = "nosuch"
        #expect(throws: RemoteError.profileNotFound("nosuch", files: ["\(files.directory)/credentials", "\(files.directory)/config"])) {
            try AWSCredentials.resolve(environment: files.environment)
        }
        files.environment["AWS_PROFILE"] = "broken"
        #expect(throws: RemoteError.self) { try AWSCredentials.resolve(environment: files.environment) }
        #expect(throws: RemoteError.self) { try AWSCredentials.resolve(environment: ["AWS_ACCESS_KEY_ID": "AKIA"]) }
    }

    @Test func regionAndEndpointFromEnvironmentThenProfile() throws {
        var files = try ProfileFiles(credentials: Self.credentialsFile, config: Self.configFile)
        defer { files.remove() }
        let settings = RemoteSettings(url: "s3://lab-atlas/pbmc")
        var configuration = try S3Configuration(settings: settings, environment: files.environment)
        #expect(configuration.bucket == "lab-atlas" && configuration.prefix == "pbmc")
        #expect(configuration.region == "eu-west-1")
        #expect(configuration.endpoint == "https://s3.eu-west-1.amazonaws.com")
        #expect(!configuration.pathStyle)
        #expect(configuration.target(fullKey: "pbmc/refs.json").url == "https://lab-atlas.s3.eu-west-1.amazonaws.com/pbmc/refs.json")

        files.environment["AWS_PROFILE"] = "lab"
        configuration = try S3Configuration(settings: settings, environment: files.environment)
        #expect(configuration.region == "us-west-2")
        #expect(configuration.endpoint == "http://127.0.0.1:9000")
        #expect(configuration.pathStyle)
        #expect(configuration.credentials?.accessKeyID == "AKIALAB")

        files.environment["AWS_DEFAULT_REGION"] = "ap-south-1"
        files.environment["AWS_ENDPOINT_URL"] = "http://localhost:1234/"
        configuration = try S3Configuration(settings: settings, environment: files.environment)
        #expect(configuration.region == "ap-south-1" && configuration.endpoint == "http://localhost:1234")
        files.environment["AWS_REGION"] = "ca-central-1"
        files.environment["AWS_ENDPOINT_URL_S3"] = "https://s3.example.org"
        configuration = try S3Configuration(settings: settings, environment: files.environment)
        #expect(configuration.region == "ca-central-1" && configuration.endpoint == "https://s3.example.org")
        #expect(configuration.target(fullKey: "pbmc/objects/ab/cd", query: [("x", "1")]).url
            == "https://s3.example.org/lab-atlas/pbmc/objects/ab/cd?x=1")

        // The remote's own settings come first.
        let own = RemoteSettings(url: "s3://lab-atlas", endpoint: "http://10.0.0.1:9000", region: "us-east-2", pathStyle: false)
        configuration = try S3Configuration(settings: own, environment: files.environment)
        #expect(configuration.region == "us-east-2" && !configuration.pathStyle)
        #expect(configuration.target(fullKey: nil, query: [("list-type", "2")]).url == "http://lab-atlas.10.0.0.1:9000/?list-type=2")
        #expect(configuration.target(fullKey: nil).host == "lab-atlas.10.0.0.1:9000")
    }

    @Test func defaultsAndBadEndpoints() throws {
        let configuration = try S3Configuration(settings: RemoteSettings(url: "s3://my.dotted.bucket"), environment: ["HOME": "/nonexistent-home"])
        #expect(configuration.region == "us-east-1")
        #expect(configuration.pathStyle)  // a dotted name does not match AWS's wildcard certificate
        #expect(configuration.credentials == nil)
        #expect(throws: RemoteError.self) {
            try S3Configuration(settings: RemoteSettings(url: "s3://b", endpoint: "ftp://host"), environment: [:])
        }
        #expect(throws: RemoteError.self) {
            try S3Configuration(settings: RemoteSettings(url: "s3://b", endpoint: "not a url"), environment: [:])
        }
        #expect(throws: RemoteError.self) { try S3Configuration(settings: RemoteSettings(url: "https://host/x"), environment: [:]) }
    }

    @Test func iniParsing() {
        let sections = AWSProfileFiles.parse("[ profile   x ]\r\nKey = v = w\n  nested = 1\n[y\nz=1\n")
        #expect(sections["profile x"] == ["key": "v = w"])
        #expect(sections.count == 1)
    }
}
