import Crypto
import CryptoExtras
import Foundation
import JSONCore

/// The signed JWT a client sends for `private_key_jwt` authentication (RFC 7523, MEF W128.1 appendix B):
/// `iss` and `sub` are the client id, `aud` the token endpoint, with a short lifetime and a unique `jti`.
package struct ClientAssertion: Sendable {
    package var clientId: String
    package var audience: String
    /// The `kid` header: which of the client's registered keys signed, for identity providers that hold several
    /// (key rotation) and select the verification key by it instead of trying each.
    package var keyId: String?
    package var lifetime: TimeInterval = 300

    package init(clientId: String, audience: String, keyId: String? = nil) {
        self.clientId = clientId
        self.audience = audience
        self.keyId = keyId
    }

    /// The compact JWS, signed with the PEM private key.
    package func signed(
        withPEM pem: String, algorithm: OAuth2ClientCredentials.SigningAlgorithm, now: Date = Date()
    ) throws(CredentialError) -> String {
        let issued = Int(now.timeIntervalSince1970)
        let header =
            #"{"alg":"\#(algorithm.rawValue)","typ":"JWT""# + (keyId.map { #","kid":\#(Self.quoted($0))"# } ?? "") + "}"
        let claims =
            #"{"iss":\#(Self.quoted(clientId)),"sub":\#(Self.quoted(clientId)),"aud":\#(Self.quoted(audience)),"#
            + #""iat":\#(issued),"exp":\#(issued + Int(lifetime)),"jti":"\#(UUID().uuidString)"}"#
        let signingInput = Base64URL.encode(Data(header.utf8)) + "." + Base64URL.encode(Data(claims.utf8))
        let signature: Data
        do {
            switch algorithm {
            case .es256:
                signature = try P256.Signing.PrivateKey(pemRepresentation: pem)
                    .signature(for: Data(signingInput.utf8)).rawRepresentation
            case .rs256:
                signature = try _RSA.Signing.PrivateKey(pemRepresentation: pem)
                    .signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5).rawRepresentation
            }
        } catch {
            throw .invalidKey(
                "not a PEM \(algorithm == .es256 ? "EC P-256" : "RSA") private key for \(algorithm.rawValue)")
        }
        return signingInput + "." + Base64URL.encode(signature)
    }

    private static func quoted(_ text: String) -> String {
        var json = JSONWriter()
        json.string(text)
        return String(decoding: json.bytes, as: UTF8.self)
    }
}

/// Base64url without padding (RFC 7515 appendix C).
package enum Base64URL {
    package static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    package static func decode(_ text: some StringProtocol) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
