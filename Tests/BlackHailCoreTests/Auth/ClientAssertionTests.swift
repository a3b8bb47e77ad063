import BlackHailCore
import Crypto
import Foundation
import JSONCore
import Testing

@Suite struct ClientAssertionTests {
    static let key = P256.Signing.PrivateKey()

    /// The decoded JOSE header of a compact JWS.
    static func header(of assertion: String) throws -> JSONValue {
        let encoded = try #require(assertion.split(separator: ".").first)
        return try JSONValue(parsing: try #require(Base64URL.decode(encoded)))
    }

    @Test(arguments: ["key-2026-01", #"quoted "kid" \ with escapes"#])
    func theKeyIdIsTheKidHeader(_ keyId: String) throws {
        let assertion = try ClientAssertion(clientId: "buyer-1", audience: "https://idp.example/token", keyId: keyId)
            .signed(withPEM: Self.key.pemRepresentation, algorithm: .es256)
        let header = try Self.header(of: assertion)
        #expect(header["kid"]?.stringValue == keyId)
        #expect(header["alg"]?.stringValue == "ES256")
        #expect(header["typ"]?.stringValue == "JWT")
    }

    @Test func withoutAKeyIdThereIsNoKidHeader() throws {
        let assertion = try ClientAssertion(clientId: "buyer-1", audience: "https://idp.example/token")
            .signed(withPEM: Self.key.pemRepresentation, algorithm: .es256)
        #expect(try Self.header(of: assertion)["kid"] == nil)
    }

    @Test func theProfileNamesTheKeyId() throws {
        let profile = try SellerDirectory.parse(
            """
            id: acme
            sonata: { baseURL: https://api.acme.example }
            auth:
              type: oauth2-client-credentials
              tokenURL: https://auth.acme.example/token
              clientId: buyer-1
              clientAuthentication: private_key_jwt
              privateKeyFile: keys/acme.pem
              keyId: acme-2026
            """, path: "acme.yaml")
        guard case .oauth2(let oauth) = profile.auth else {
            Issue.record("not OAuth2: \(profile.auth)")
            return
        }
        #expect(oauth.keyId == "acme-2026")
    }
}
