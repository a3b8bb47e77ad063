import AsyncHTTPClient
import Foundation
import NIOSSL

/// Why a connection to a seller failed, in words for the person reading the run's outcome: what went wrong and which
/// profile setting to look at. The network stack's own descriptions name BoringSSL error codes instead.
enum ConnectionFailure {
    /// A TLS failure towards `url`, or nil when `error` is not one.
    static func tls(_ error: any Error, url: String) -> String? {
        let host = URLComponents(string: url)?.host ?? url
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return "TLS: the seller's certificate is not valid for host \(host) (wrong host name); check "
                + "sonata.baseURL, or ask the seller for a certificate naming \(host)"
        }
        let text = String(describing: error)
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return "TLS: the seller's certificate for \(host) was refused: it is not issued by a trusted CA "
                + "(for a private CA, add it to tls.caBundle), or it has expired or is not yet valid"
        }
        if text.contains("CERTIFICATE_REQUIRED") {
            return "TLS: \(host) requires a client certificate (tls.clientCertificate and tls.clientKey)"
        }
        // In TLS 1.3 the client's side of the handshake is over before the server checks the client certificate:
        // a seller refusing ours is seen as the connection closing before any answer.
        if let closed = error as? HTTPClientError, closed == .remoteConnectionClosed,
            URLComponents(string: url)?.scheme?.lowercased() == "https"
        {
            return "TLS: \(host) closed the connection before answering, as a seller requiring mutual TLS does when "
                + "the client certificate is missing or not issued by a CA it trusts (tls.clientCertificate)"
        }
        if text.contains("UNKNOWN_CA") || text.contains("BAD_CERTIFICATE") || text.contains("CERTIFICATE_UNKNOWN")
            || text.contains("CERTIFICATE_EXPIRED")
        {
            return "TLS: \(host) refused our client certificate (tls.clientCertificate): not issued by a CA it "
                + "trusts, or expired"
        }
        if text.contains("WRONG_VERSION_NUMBER") || text.contains("PACKET_LENGTH_TOO_LONG") {
            return "TLS: \(host) did not answer in TLS (is the seller's URL plain http?); blackhail never falls back "
                + "to plain http"
        }
        if error is NIOSSLError || error is BoringSSLError {
            return "TLS handshake with \(host) failed: \(text.prefix(200))"
        }
        return nil
    }

    /// A failure of `proxy` itself, or nil when `error` is not one.
    static func proxy(_ error: any Error, proxy: ProxyServer) -> String? {
        let text = String(describing: error)
        // Through a proxy, the only TCP connection blackhail opens is the proxy's.
        if text.contains("connectionRefused") || text.contains("Connection refused") {
            return "proxy \(proxy) refused the connection"
        }
        guard let error = error as? HTTPClientError else { return nil }
        if error == .proxyAuthenticationRequired {
            return "proxy \(proxy) requires authentication (HTTP 407)"
                + (proxy.credentials == nil
                    ? "; give its credentials (proxy.usernameEnv and passwordEnv, or user:password in the proxy URL)"
                    : "; it refused the credentials given")
        }
        if error == .invalidProxyResponse {
            return "proxy \(proxy) refused to open a tunnel (CONNECT) to the seller"
        }
        if error == .httpProxyHandshakeTimeout || error == .socksHandshakeTimeout {
            return "proxy \(proxy) did not answer in time"
        }
        return nil
    }
}
