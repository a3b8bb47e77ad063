import Foundation
import NIOSSL

/// TLS towards one seller. Certificates are always verified; a profile may add a CA bundle for a private PKI.
/// Verification can only be switched off for loopback URLs (a test seller on this machine).
package struct SellerTLS: Sendable, Hashable, Codable {
    /// PEM file of extra trusted CA certificates.
    package var caBundle: String?
    /// Only honoured for 127.0.0.0/8, ::1 and localhost; a profile that asks for it elsewhere is refused.
    package var insecureSkipVerify: Bool

    package init(caBundle: String? = nil, insecureSkipVerify: Bool = false) {
        self.caBundle = caBundle
        self.insecureSkipVerify = insecureSkipVerify
    }

    enum CodingKeys: String, CodingKey { case caBundle, insecureSkipVerify }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        caBundle = try container.decodeIfPresent(String.self, forKey: .caBundle)
        insecureSkipVerify = try container.decodeIfPresent(Bool.self, forKey: .insecureSkipVerify) ?? false
    }

    /// The TLS configuration for a request to `url`, or nil for the client's default (system trust store).
    package func configuration(for url: String) throws -> TLSConfiguration? {
        guard caBundle != nil || insecureSkipVerify else { return nil }
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caBundle {
            let certificates = try NIOSSLCertificate.fromPEMFile(caBundle)
            configuration.trustRoots = .default
            configuration.additionalTrustRoots = [.certificates(certificates)]
        }
        if insecureSkipVerify, Self.isLoopback(url) { configuration.certificateVerification = .none }
        return configuration
    }

    package static func isLoopback(_ url: String) -> Bool {
        guard let host = URL(string: url)?.host?.lowercased() else { return false }
        return host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}
