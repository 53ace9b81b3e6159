import Foundation

/// An AWS key pair, with the session token of temporary credentials.
public struct AWSCredentials: Sendable, Equatable {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// The credentials the AWS SDKs would find: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
    /// `AWS_SESSION_TOKEN`; else the profile (`AWS_PROFILE`, default `default`) in the shared credentials
    /// file (`AWS_SHARED_CREDENTIALS_FILE`, default `~/.aws/credentials`), then in the config file. Nil
    /// when there are none: requests go unsigned, which public buckets allow.
    public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AWSCredentials? {
        let files = AWSProfileFiles(environment: environment)
        let id = files.nonEmpty("AWS_ACCESS_KEY_ID"), secret = files.nonEmpty("AWS_SECRET_ACCESS_KEY")
        if let id, let secret {
            return AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: files.nonEmpty("AWS_SESSION_TOKEN"))
        }
        if id != nil { throw RemoteError.incompleteCredentials("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not") }
        if secret != nil { throw RemoteError.incompleteCredentials("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not") }

        let credentialsSection = try files.credentialsSection()
        let configSection = try files.configSection()
        for (section, path) in [(credentialsSection, files.credentialsPath), (configSection, files.configPath)] {
            guard let section else { continue }
            let id = section["aws_access_key_id"].flatMap { $0.isEmpty ? nil : $0 }
            let secret = section["aws_secret_access_key"].flatMap { $0.isEmpty ? nil : $0 }
            if let id, let secret {
                let token = section["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
                return AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: token)
            }
            if id != nil || secret != nil {
                throw RemoteError.incompleteCredentials("profile '\(files.profile)' in \(path) has only one of aws_access_key_id and aws_secret_access_key")
            }
        }
        if files.profileWasChosen, credentialsSection == nil, configSection == nil {
            throw RemoteError.profileNotFound(files.profile, files: [files.credentialsPath, files.configPath])
        }
        return nil
    }
}
