import AsyncHTTPClient
import Foundation
import JSONCore
import NIOCore
import NIOHTTP1
import NIOSSL

/// Authenticates blackhail's requests to one seller for one run: the `Authorization` header value for each
/// request, from a static bearer token or from the seller's OAuth 2.0 token endpoint (client credentials
/// grant, with `client_secret_basic`, `client_secret_post` or `private_key_jwt`).
///
/// Secrets are read when first needed and held only in memory; messages name where a secret comes from,
/// never its value.
package struct SellerAuthenticator: Sendable {
    package let auth: AuthReference
    /// The resolved token endpoint (the profile's, or the emulator's for a demo seller).
    package let tokenURL: String?
    private let transport: any HTTPTransport
    private let environment: [String: String]
    private let cache: TokenCache
    private let timeout: Duration
    private let tls: SellerTLSContext
    /// The clock token lifetimes are read against (the cache's, so that both agree).
    private let now: @Sendable () -> Date

    /// Token answers are small; a longer one is refused.
    static let maximumResponseBytes = 1024 * 1024

    package init(
        profile: SellerProfile, http: HTTPClient, environment: [String: String],
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.init(profile: profile, transport: AsyncHTTPClientTransport(http), environment: environment, now: now)
    }

    /// Fetches tokens through `transport`, as the seller's Sonata requests go.
    package init(
        profile: SellerProfile, transport: any HTTPTransport, environment: [String: String],
        tls: SellerTLSContext? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        auth = profile.auth
        if case .oauth2(let oauth) = profile.auth {
            tokenURL = oauth.tokenURL ?? profile.sonata.baseURL.map { $0.trimmingSuffix("/") + "/oauth2/token" }
        } else {
            tokenURL = nil
        }
        self.transport = transport
        self.environment = environment
        cache = TokenCache(now: now)
        self.now = now
        timeout = profile.limits.requestTimeout
        self.tls = tls ?? SellerTLSContext(profile.tls)
    }

    /// Token requests made so far (tests check that concurrent requests share one).
    package var tokenRequests: Int { get async { await cache.fetches } }

    /// The `Authorization` header for the next request, or nil for sellers without authentication.
    package func authorization() async throws(CredentialError) -> String? {
        switch auth {
        case .none:
            return nil
        case .bearer(let source):
            return "Bearer \(try source.read(environment: environment))"
        case .oauth2(let oauth):
            do {
                return "Bearer \(try await cache.token { try await fetchToken(oauth) }.value)"
            } catch let error as CredentialError {
                throw error
            } catch {
                throw .unreachable("\(error)")
            }
        }
    }

    /// The seller answered 401 to `header`: forget that token so that the next request fetches a new one.
    package func refused(_ header: String) async {
        guard header.hasPrefix("Bearer ") else { return }
        await cache.invalidate(String(header.dropFirst("Bearer ".count)))
    }

    /// Whether a 401 is worth one retry with a fresh token (only tokens from an endpoint can be renewed).
    package var canRenew: Bool {
        if case .oauth2 = auth { return true }
        return false
    }

    private func fetchToken(_ oauth: OAuth2ClientCredentials) async throws(CredentialError) -> AccessToken {
        guard let tokenURL else { throw .missing("the profile has no auth.tokenURL") }
        var form: [(String, String)] = [("grant_type", "client_credentials")]
        if !oauth.scopes.isEmpty { form.append(("scope", oauth.scopes.joined(separator: " "))) }
        let tlsConfiguration: TLSConfiguration?
        do {
            tlsConfiguration = try tls.configuration(for: tokenURL)
        } catch {
            throw .unreachable(error.description)
        }
        var request = TransportRequest(
            method: .POST, url: tokenURL, timeout: timeout, maximumResponseBytes: Self.maximumResponseBytes,
            tls: tlsConfiguration)
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        switch oauth.clientAuthentication {
        case .clientSecretBasic:
            let secret = try secret(oauth)
            let pair = "\(FormEncoding.encode(oauth.clientId)):\(FormEncoding.encode(secret))"
            request.headers.add(name: "Authorization", value: "Basic \(Data(pair.utf8).base64EncodedString())")
        case .clientSecretPost:
            form += [("client_id", oauth.clientId), ("client_secret", try secret(oauth))]
        case .privateKeyJWT:
            guard let path = oauth.privateKeyFile else { throw .missing("the profile has no auth.privateKeyFile") }
            let pem = String(decoding: try SecretFile.read(path), as: UTF8.self)
            let assertion = try ClientAssertion(clientId: oauth.clientId, audience: tokenURL, keyId: oauth.keyId)
                .signed(withPEM: pem, algorithm: oauth.signingAlgorithm)
            form += [
                ("client_id", oauth.clientId),
                ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                ("client_assertion", assertion),
            ]
        }
        request.body = Array(FormEncoding.encode(form).utf8)
        let requested = now()
        let status: Int
        let body: JSONValue
        do {
            let response = try await transport.send(request)
            status = response.status
            body =
                (try? JSONValue(
                    parsing: response.body.readableBytesView, reusing: [],
                    maximumValues: SellerText.maximumAnswerValues)) ?? .null
        } catch .unreachable(let why) {
            throw .unreachable(why)
        } catch {
            throw .unreachable(error.description)
        }
        if (300..<400).contains(status) {
            // Never followed (the transport does not follow any): the credentials go to the profile's URL only.
            throw .refused("HTTP \(status): redirect not followed; set auth.tokenURL to the token endpoint itself")
        }
        guard status == 200, let token = body["access_token"]?.stringValue, !token.isEmpty else {
            // RFC 6749 section 5.2 error codes are safe to show; descriptions are cut short, as seller text.
            let code = body["error"]?.stringValue ?? "HTTP \(status)"
            let description = body["error_description"]?.stringValue.map { ": " + $0.prefix(200) } ?? ""
            throw .refused(code + description)
        }
        // A lifetime that is not a finite number of seconds up to a year is read as none (the 401 renewal covers a
        // token that lapses early).
        let lifetime = body["expires_in"]?.doubleValue.flatMap { $0.isFinite && $0 >= 0 && $0 <= 31_536_000 ? $0 : nil }
        let expiresAt = lifetime.map { requested.addingTimeInterval($0) }
        return AccessToken(value: token, obtainedAt: requested, expiresAt: expiresAt)
    }

    private func secret(_ oauth: OAuth2ClientCredentials) throws(CredentialError) -> String {
        guard let source = oauth.clientSecret else { throw .missing("the profile has no client secret source") }
        return try source.read(environment: environment)
    }
}

/// `application/x-www-form-urlencoded` as OAuth 2.0 uses it (RFC 6749 appendix B).
package enum FormEncoding {
    package static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }

    package static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text).replacingOccurrences(
            of: "%20", with: "+")
    }

    package static func decode(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            func unescape(_ text: String) -> String {
                text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? text
            }
            fields[unescape(parts[0])] = parts.count > 1 ? unescape(parts[1]) : ""
        }
        return fields
    }
}
