import NIOCore
import NIOHTTP1
import NIOSSL

/// Sends one HTTP request and hands back the whole answer: the only place blackhail's seller traffic touches the
/// network. `SonataClient` and `SellerAuthenticator` build requests and read answers; what they do about an answer
/// (retry, renew a token, record it) is theirs. Production uses `AsyncHTTPClientTransport`; unit tests script
/// answers with a closure (`ScriptedTransport` in TestSupport), as swift-openapi-generator's `TestClientTransport`.
package protocol HTTPTransport: Sendable {
    /// The answer, whatever its status (3xx included: redirects are never followed), or why none came:
    /// `.unreachable`, `.timedOut` or `.cancelled`.
    func send(_ request: TransportRequest) async throws(SonataFailure) -> TransportResponse
}

/// One request, complete: nothing streams.
package struct TransportRequest: Sendable {
    package var method: HTTPMethod
    package var url: String
    package var headers: HTTPHeaders
    package var body: [UInt8]?
    /// The whole exchange, connecting included, gets this long.
    package var timeout: Duration
    /// A longer answer fails the request (`.unreachable`): seller answers are bounded.
    package var maximumResponseBytes: Int
    /// TLS for this request, or nil for the client's (the system trust store).
    package var tls: TLSConfiguration?

    package init(
        method: HTTPMethod, url: String, headers: HTTPHeaders = [:], body: [UInt8]? = nil, timeout: Duration,
        maximumResponseBytes: Int, tls: TLSConfiguration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.maximumResponseBytes = maximumResponseBytes
        self.tls = tls
    }
}

/// A whole answer.
package struct TransportResponse: Sendable {
    package var status: Int
    package var headers: HTTPHeaders
    package var body: ByteBuffer
    /// The protocol the answer came over: HTTP/2 where the seller offers it over TLS (ALPN), else HTTP/1.1.
    package var version: HTTPVersion

    package init(
        status: Int, headers: HTTPHeaders = [:], body: ByteBuffer = ByteBuffer(), version: HTTPVersion = .http1_1
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.version = version
    }
}
