import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdHTTP2
import HummingbirdTLS
import NIOSSL

/// How the emulator serves HTTPS: its certificate and key (PEM files), optionally the CA whose client certificates
/// it then requires of every connection (mutual TLS), and whether it offers HTTP/2 (ALPN `h2`, then `http/1.1`) or
/// HTTP/1.1 only, to compare the two.
package struct EmulatorTLS: Sendable {
    package var certificateFile: String
    package var keyFile: String
    package var clientCAFile: String?
    package var http2: Bool

    package init(certificateFile: String, keyFile: String, clientCAFile: String? = nil, http2: Bool = true) {
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.clientCAFile = clientCAFile
        self.http2 = http2
    }

    /// The server side of the handshake.
    func serverConfiguration() throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMFile(certificateFile).map { NIOSSLCertificateSource.certificate($0) }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain, privateKey: .privateKey(try NIOSSLPrivateKey(file: keyFile, format: .pem)))
        if let clientCAFile {
            // A client without a certificate from this CA is refused during the handshake (NIOSSL asks for one and
            // fails the handshake without it). Client certificates name no host to check.
            configuration.certificateVerification = .noHostnameVerification
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(clientCAFile))
        }
        return configuration
    }

    /// Hummingbird's server: HTTP/1.1 and HTTP/2 negotiated by ALPN, or HTTP/1.1 only, both over TLS.
    func serverBuilder() throws -> HTTPServerBuilder {
        let configuration = try serverConfiguration()
        return http2
            ? try .http2Upgrade(tlsConfiguration: configuration)
            : try .tls(.http1(), tlsConfiguration: configuration)
    }
}
