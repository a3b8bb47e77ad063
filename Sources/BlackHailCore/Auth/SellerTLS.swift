import Foundation
import NIOSSL

/// TLS towards one seller. Certificates are always verified; a profile may add a CA bundle for a private PKI and a
/// client certificate for a seller that requires mutual TLS. Verification can only be switched off for loopback URLs
/// (a test seller on this machine).
package struct SellerTLS: Sendable, Hashable, Codable {
    /// PEM file of extra trusted CA certificates.
    package var caBundle: String?
    /// PEM file of the client certificate (and its intermediates, leaf first) for mutual TLS.
    package var clientCertificate: String?
    /// PEM file of the client certificate's private key: a secret, refused when others can read it.
    package var clientKey: String?
    /// Only honoured for 127.0.0.0/8, ::1 and localhost; a profile that asks for it elsewhere is refused.
    package var insecureSkipVerify: Bool

    package init(
        caBundle: String? = nil, clientCertificate: String? = nil, clientKey: String? = nil,
        insecureSkipVerify: Bool = false
    ) {
        self.caBundle = caBundle
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
        self.insecureSkipVerify = insecureSkipVerify
    }

    enum CodingKeys: String, CodingKey { case caBundle, clientCertificate, clientKey, insecureSkipVerify }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        caBundle = try container.decodeIfPresent(String.self, forKey: .caBundle)
        clientCertificate = try container.decodeIfPresent(String.self, forKey: .clientCertificate)
        clientKey = try container.decodeIfPresent(String.self, forKey: .clientKey)
        insecureSkipVerify = try container.decodeIfPresent(Bool.self, forKey: .insecureSkipVerify) ?? false
    }

    /// What is wrong with these settings beyond their YAML shape.
    var problems: [String] {
        (clientCertificate == nil) == (clientKey == nil)
            ? [] : ["tls.clientCertificate and tls.clientKey go together: give both or neither"]
    }

    package static func isLoopback(_ url: String) -> Bool {
        guard let host = URL(string: url)?.host?.lowercased() else { return false }
        return host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}

/// A seller's TLS settings with their files read, once per run: every request of the seller (token requests
/// included) then uses the same trust and client identity, and a file that cannot be used fails each of them with
/// the same message instead of silently falling back to the system defaults.
package struct SellerTLSContext: Sendable {
    private let base: Result<TLSConfiguration?, SonataFailure>
    private let insecureSkipVerify: Bool

    /// No settings: the client's defaults (the system trust store, no client certificate).
    package static let systemDefault = SellerTLSContext(nil)

    package init(_ settings: SellerTLS?) {
        insecureSkipVerify = settings?.insecureSkipVerify ?? false
        guard let settings, settings.caBundle != nil || settings.clientCertificate != nil || settings.clientKey != nil
        else {
            base = .success(nil)
            return
        }
        do {
            base = .success(try Self.configuration(settings))
        } catch {
            base = .failure(error)
        }
    }

    /// The TLS configuration for a request to `url`, or nil for the client's default.
    package func configuration(for url: String) throws(SonataFailure) -> TLSConfiguration? {
        var configuration = try base.get()
        if insecureSkipVerify, SellerTLS.isLoopback(url) {
            configuration = configuration ?? .makeClientConfiguration()
            configuration?.certificateVerification = .none
        }
        return configuration
    }

    private static func configuration(_ settings: SellerTLS) throws(SonataFailure) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caBundle = settings.caBundle {
            let certificates = try certificates(caBundle, key: "tls.caBundle")
            configuration.trustRoots = .default
            configuration.additionalTrustRoots = [.certificates(certificates)]
        }
        if let certificateFile = settings.clientCertificate, let keyFile = settings.clientKey {
            configuration.certificateChain = try certificates(certificateFile, key: "tls.clientCertificate")
                .map { .certificate($0) }
            let pem: Data
            do {
                pem = try SecretFile.read(keyFile)
            } catch {
                throw .missingCredentials("tls.clientKey: \(error)")
            }
            do {
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(pem), format: .pem))
            } catch {
                throw .missingCredentials(
                    "tls.clientKey: file \(keyFile) is not an unencrypted PEM private key")
            }
        }
        return configuration
    }

    private static func certificates(_ path: String, key: String) throws(SonataFailure) -> [NIOSSLCertificate] {
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw .unreachable("\(key): file \(path) cannot be read as PEM certificates")
        }
        guard !certificates.isEmpty else { throw .unreachable("\(key): file \(path) holds no PEM certificate") }
        return certificates
    }
}
