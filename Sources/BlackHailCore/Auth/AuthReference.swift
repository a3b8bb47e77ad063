import Foundation

/// How blackhail authenticates to a seller (MEF W128.1: OAuth 2.0 client credentials with bearer tokens).
/// Secrets never live in the profile: only where to find them, an environment variable or a file.
package enum AuthReference: Sendable, Hashable, Codable {
    case none
    /// A static bearer token.
    case bearer(token: SecretSource)
    case oauth2(OAuth2ClientCredentials)

    package var requiresCredentials: Bool { self != .none }

    /// The token endpoint, when one is configured.
    var tokenURLs: [String?] {
        if case .oauth2(let oauth) = self { return [oauth.tokenURL] }
        return []
    }

    /// Names the method for tables and messages, never the secret.
    package var summary: String {
        switch self {
        case .none: "none"
        case .bearer: "bearer token"
        case .oauth2(let oauth): "OAuth2 client credentials (\(oauth.clientAuthentication.rawValue))"
        }
    }

    private enum CodingKeys: String, CodingKey {
        case type, tokenEnv, tokenFile
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "none":
            self = .none
        case "bearer":
            self = .bearer(token: try SecretSource(environment: .tokenEnv, file: .tokenFile, in: container))
        case "oauth2-client-credentials":
            self = .oauth2(try OAuth2ClientCredentials(from: decoder))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container,
                debugDescription: "unknown auth type '\(other)' (expected none, bearer or oauth2-client-credentials)")
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .none:
            try container.encode("none", forKey: .type)
        case .bearer(let token):
            try container.encode("bearer", forKey: .type)
            try token.encode(environment: .tokenEnv, file: .tokenFile, in: &container)
        case .oauth2(let oauth):
            try oauth.encode(to: encoder)
        }
    }
}

/// OAuth 2.0 client credentials grant (RFC 6749 section 4.4) as profiled by MEF W128.1.
package struct OAuth2ClientCredentials: Sendable, Hashable, Codable {
    /// The token endpoint. Demo sellers may leave it out: the emulator's own endpoint is used.
    package var tokenURL: String?
    package var clientId: String
    package var scopes: [String]
    package var clientAuthentication: ClientAuthentication
    /// The client secret, for `client_secret_basic` and `client_secret_post`.
    package var clientSecret: SecretSource?
    /// A PEM private key (EC P-256 for ES256, RSA for RS256), for `private_key_jwt`.
    package var privateKeyFile: String?
    /// Sent as the assertion's `kid` header, for identity providers that select the client's key by it.
    package var keyId: String?
    package var signingAlgorithm: SigningAlgorithm

    package enum ClientAuthentication: String, Sendable, Hashable, Codable, CaseIterable {
        case clientSecretBasic = "client_secret_basic"
        case clientSecretPost = "client_secret_post"
        case privateKeyJWT = "private_key_jwt"
    }

    package enum SigningAlgorithm: String, Sendable, Hashable, Codable {
        case es256 = "ES256"
        case rs256 = "RS256"
    }

    package init(
        tokenURL: String?, clientId: String, scopes: [String] = [], clientAuthentication: ClientAuthentication,
        clientSecret: SecretSource? = nil, privateKeyFile: String? = nil, keyId: String? = nil,
        signingAlgorithm: SigningAlgorithm = .es256
    ) {
        self.tokenURL = tokenURL
        self.clientId = clientId
        self.scopes = scopes
        self.clientAuthentication = clientAuthentication
        self.clientSecret = clientSecret
        self.privateKeyFile = privateKeyFile
        self.keyId = keyId
        self.signingAlgorithm = signingAlgorithm
    }

    enum CodingKeys: String, CodingKey {
        case type, tokenURL, clientId, scopes, clientAuthentication, clientSecretEnv, clientSecretFile, privateKeyFile
        case keyId, signingAlgorithm
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tokenURL = try container.decodeIfPresent(String.self, forKey: .tokenURL)
        clientId = try container.decode(String.self, forKey: .clientId)
        scopes = try container.decodeIfPresent([String].self, forKey: .scopes) ?? []
        clientAuthentication = try container.decode(ClientAuthentication.self, forKey: .clientAuthentication)
        clientSecret = try? SecretSource(environment: .clientSecretEnv, file: .clientSecretFile, in: container)
        privateKeyFile = try container.decodeIfPresent(String.self, forKey: .privateKeyFile)
        keyId = try container.decodeIfPresent(String.self, forKey: .keyId)
        signingAlgorithm = try container.decodeIfPresent(SigningAlgorithm.self, forKey: .signingAlgorithm) ?? .es256
        switch clientAuthentication {
        case .clientSecretBasic, .clientSecretPost:
            guard clientSecret != nil else {
                throw DecodingError.dataCorruptedError(
                    forKey: .clientSecretEnv, in: container,
                    debugDescription: "\(clientAuthentication.rawValue) needs clientSecretEnv or clientSecretFile")
            }
        case .privateKeyJWT:
            guard privateKeyFile != nil else {
                throw DecodingError.dataCorruptedError(
                    forKey: .privateKeyFile, in: container, debugDescription: "private_key_jwt needs privateKeyFile")
            }
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("oauth2-client-credentials", forKey: .type)
        try container.encodeIfPresent(tokenURL, forKey: .tokenURL)
        try container.encode(clientId, forKey: .clientId)
        try container.encode(scopes, forKey: .scopes)
        try container.encode(clientAuthentication, forKey: .clientAuthentication)
        try clientSecret?.encode(environment: .clientSecretEnv, file: .clientSecretFile, in: &container)
        try container.encodeIfPresent(privateKeyFile, forKey: .privateKeyFile)
        try container.encodeIfPresent(keyId, forKey: .keyId)
        try container.encode(signingAlgorithm, forKey: .signingAlgorithm)
    }
}

/// Where a secret is: an environment variable or a file. The value itself is read only when needed and never
/// stored in the profile, logged or written anywhere.
package enum SecretSource: Sendable, Hashable {
    case environment(String)
    case file(String)

    init<Key: CodingKey>(environment: Key, file: Key, in container: KeyedDecodingContainer<Key>) throws {
        if let variable = try container.decodeIfPresent(String.self, forKey: environment) {
            self = .environment(variable)
        } else if let path = try container.decodeIfPresent(String.self, forKey: file) {
            self = .file(path)
        } else {
            throw DecodingError.keyNotFound(
                environment,
                .init(
                    codingPath: container.codingPath,
                    debugDescription: "give \(environment.stringValue) or \(file.stringValue)"))
        }
    }

    func encode<Key: CodingKey>(environment: Key, file: Key, in container: inout KeyedEncodingContainer<Key>) throws {
        switch self {
        case .environment(let variable): try container.encode(variable, forKey: environment)
        case .file(let path): try container.encode(path, forKey: file)
        }
    }

    /// Where the secret comes from, for messages ("environment variable ACME_SECRET").
    package var location: String {
        switch self {
        case .environment(let variable): "environment variable \(variable)"
        case .file(let path): "file \(path)"
        }
    }

    /// The secret, trimmed of surrounding whitespace (files usually end with a newline).
    package func read(environment: [String: String]) throws(CredentialError) -> String {
        switch self {
        case .environment(let variable):
            guard let value = environment[variable]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty
            else { throw .missing("\(location) is not set") }
            return value
        case .file(let path):
            let data = try SecretFile.read(path)
            guard let value = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
                !value.isEmpty
            else { throw .missing("\(location) is empty") }
            return value
        }
    }
}

/// Reads files that hold secrets (client secrets, tokens, private keys), refusing those other users can read.
package enum SecretFile {
    package static func read(_ path: String) throws(CredentialError) -> Data {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw .missing("file \(path) cannot be read")
        }
        // As ssh treats private keys: readable by anyone but the owner, a secret is no longer one.
        if let permissions = attributes[.posixPermissions] as? Int, permissions & 0o044 != 0 {
            let who = permissions & 0o004 != 0 ? "every user" : "its group"
            throw .insecure("file \(path) is readable by \(who); restrict it (chmod 600 \(path))")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .missing("file \(path) cannot be read")
        }
        return data
    }
}

/// Why credentials could not be had. Messages name where the secret should be, never the secret.
package enum CredentialError: Error, Sendable, Hashable, CustomStringConvertible {
    case missing(String)
    case insecure(String)
    case invalidKey(String)
    case refused(String)
    case unreachable(String)

    package var description: String {
        switch self {
        case .missing(let why): "no credentials: \(why)"
        case .insecure(let why): "insecure credentials: \(why)"
        case .invalidKey(let why): "unusable private key: \(why)"
        case .refused(let why): "the token endpoint refused the credentials: \(why)"
        case .unreachable(let why): "the token endpoint could not be reached: \(why)"
        }
    }
}
