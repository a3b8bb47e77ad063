import BlackHailCore
import Crypto
import CryptoExtras
import Foundation
import HTTPTypes
import Hummingbird
import JSONCore
import Synchronization

/// What a demo seller knows of its buyer's credentials, to check them: the static token, the client secret, or
/// the client's key (the public half of the PEM private key the buyer signs with).
package enum EmulatedCredentials: Sendable {
    case staticToken(String)
    case clientSecret(String)
    case privateKeyPEM(String)
}

/// The emulator's side of MEF W128.1: an OAuth 2.0 token endpoint (client credentials grant, all three client
/// authentication methods) and the bearer check in front of every Sonata operation.
final class SellerAuth: Sendable {
    let profile: SellerProfile
    private let credentials: EmulatedCredentials?
    private let tokenLifetime: TimeInterval
    private let now: @Sendable () -> Date
    private let issued = Mutex<[String: Date]>([:])

    init(
        profile: SellerProfile, credentials: EmulatedCredentials?, tokenLifetime: TimeInterval,
        now: @escaping @Sendable () -> Date
    ) {
        self.profile = profile
        self.credentials = credentials
        self.tokenLifetime = tokenLifetime
        self.now = now
    }

    /// The 401 to answer instead of the operation, or nil when the request may proceed.
    func refusal(_ request: Request) -> Response? {
        guard profile.auth.requiresCredentials else { return nil }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            return MEFResponse.error(
                .unauthorized, code: SonataErrorCode.missingCredentials, reason: "A bearer token is required")
        }
        let token = String(header.dropFirst("Bearer ".count))
        let valid: Bool
        switch (profile.auth, credentials) {
        case (.bearer, .staticToken(let expected)?): valid = token == expected
        case (.oauth2, _): valid = issued.withLock { $0[token].map { $0 > now() } ?? false }
        default: valid = false
        }
        return valid
            ? nil
            : MEFResponse.error(
                .unauthorized, code: SonataErrorCode.invalidCredentials, reason: "The bearer token is not valid")
    }

    /// Forgets every token issued so far, as a seller revoking them would (tests of the 401 retry).
    func revokeTokens() {
        issued.withLock { $0.removeAll() }
    }

    /// `POST /<seller>/oauth2/token`.
    func token(_ request: Request) async -> Response {
        guard case .oauth2(let oauth) = profile.auth, let credentials else {
            return Self.oauthError(.notFound, "invalid_request", "this seller has no token endpoint")
        }
        var request = request
        guard let buffer = try? await request.collectBody(upTo: 64 * 1024) else {
            return Self.oauthError(.badRequest, "invalid_request", "unreadable body")
        }
        let form = FormEncoding.decode(String(buffer: buffer))
        guard form["grant_type"] == "client_credentials" else {
            return Self.oauthError(.badRequest, "unsupported_grant_type", "only client_credentials is supported")
        }
        guard authenticates(request, form: form, oauth: oauth, credentials: credentials) else {
            return Self.oauthError(.unauthorized, "invalid_client", "client authentication failed")
        }
        let token = EmulatedCredentials.randomToken()
        issued.withLock { $0[token] = now().addingTimeInterval(tokenLifetime) }
        var headers = HTTPFields()
        headers[.cacheControl] = "no-store"
        return MEFResponse.json(
            ["access_token": .string(token), "token_type": "Bearer", "expires_in": .double(tokenLifetime)],
            headers: headers)
    }

    private func authenticates(
        _ request: Request, form: [String: String], oauth: OAuth2ClientCredentials, credentials: EmulatedCredentials
    ) -> Bool {
        switch (oauth.clientAuthentication, credentials) {
        case (.clientSecretBasic, .clientSecret(let secret)):
            guard let header = request.headers[.authorization], header.hasPrefix("Basic "),
                let decoded = Data(base64Encoded: String(header.dropFirst("Basic ".count))),
                let pair = String(data: decoded, encoding: .utf8)
            else { return false }
            let parts = pair.split(separator: ":", maxSplits: 1).map {
                String($0).removingPercentEncoding ?? String($0)
            }
            return parts.count == 2 && parts[0] == oauth.clientId && parts[1] == secret
        case (.clientSecretPost, .clientSecret(let secret)):
            return form["client_id"] == oauth.clientId && form["client_secret"] == secret
        case (.privateKeyJWT, .privateKeyPEM(let pem)):
            guard form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                let assertion = form["client_assertion"]
            else { return false }
            return verify(assertion, pem: pem, oauth: oauth, path: request.uri.path)
        default:
            return false
        }
    }

    /// Checks the assertion's signature with the client's public key and its claims (RFC 7523 section 3).
    private func verify(_ assertion: String, pem: String, oauth: OAuth2ClientCredentials, path: String) -> Bool {
        let parts = assertion.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let signature = Base64URL.decode(parts[2]), let payload = Base64URL.decode(parts[1]),
            let claims = try? JSONValue(parsing: payload), let header = Base64URL.decode(parts[0]),
            let fields = try? JSONValue(parsing: header)
        else { return false }
        // A seller that registered the key under an id selects it by the `kid` header, as identity providers do.
        if let keyId = oauth.keyId, fields["kid"]?.stringValue != keyId { return false }
        let signed = Data("\(parts[0]).\(parts[1])".utf8)
        let verified: Bool
        switch oauth.signingAlgorithm {
        case .es256:
            guard let key = try? P256.Signing.PrivateKey(pemRepresentation: pem).publicKey,
                let ecdsa = try? P256.Signing.ECDSASignature(rawRepresentation: signature)
            else { return false }
            verified = key.isValidSignature(ecdsa, for: signed)
        case .rs256:
            guard let key = try? _RSA.Signing.PrivateKey(pemRepresentation: pem).publicKey else { return false }
            verified = key.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: signed, padding: .insecurePKCS1v1_5)
        }
        let expires = claims["exp"]?.doubleValue ?? 0
        return verified && claims["iss"]?.stringValue == oauth.clientId && claims["sub"]?.stringValue == oauth.clientId
            && (claims["aud"]?.stringValue ?? "").hasSuffix(path) && expires > now().timeIntervalSince1970
    }

    private static func oauthError(_ status: HTTPResponse.Status, _ code: String, _ description: String) -> Response {
        MEFResponse.json(["error": .string(code), "error_description": .string(description)], status: status)
    }
}

extension EmulatedCredentials {
    /// The credentials a demo seller checks, read from the same places the buyer side reads them. A demo
    /// seller whose secret variable is unset gets a fresh random secret for this run, added to `environment`,
    /// so that demo sellers work out of the box and no secret is ever stored.
    package static func prepare(
        for profiles: [SellerProfile], environment: inout [String: String]
    ) throws(CredentialError) -> [String: EmulatedCredentials] {
        var credentials: [String: EmulatedCredentials] = [:]
        for profile in profiles where profile.isEmulated {
            switch profile.auth {
            case .none:
                continue
            case .bearer(let source):
                credentials[profile.id] = .staticToken(try Self.secret(source, environment: &environment))
            case .oauth2(let oauth):
                switch oauth.clientAuthentication {
                case .clientSecretBasic, .clientSecretPost:
                    guard let source = oauth.clientSecret else { continue }
                    credentials[profile.id] = .clientSecret(try Self.secret(source, environment: &environment))
                case .privateKeyJWT:
                    guard let path = oauth.privateKeyFile else { continue }
                    credentials[profile.id] = .privateKeyPEM(String(decoding: try SecretFile.read(path), as: UTF8.self))
                }
            }
        }
        return credentials
    }

    private static func secret(
        _ source: SecretSource, environment: inout [String: String]
    ) throws(CredentialError)
        -> String
    {
        if case .environment(let variable) = source, environment[variable]?.isEmpty ?? true {
            environment[variable] = Self.randomToken()
        }
        return try source.read(environment: environment)
    }

    /// 24 random bytes, base64url: access tokens and generated demo secrets alike.
    fileprivate static func randomToken() -> String {
        Base64URL.encode(Data((0..<24).map { _ in UInt8.random(in: 0...255) }))
    }
}
