import MEF139
import NIOCore
import NIOHTTP1

/// A seller's answer: status, headers and the parsed body (null when empty).
package struct SonataReply: Sendable {
    package var status: Int
    package var headers: HTTPHeaders
    package var body: JSONValue
    /// How many attempts it took.
    package var attempts: Int
    /// Taken from the journal (a resumed run) rather than sent.
    package var replayed = false
}

/// Why a Sonata call failed, in words for the person at the terminal.
package enum SonataFailure: Error, Sendable, CustomStringConvertible, Equatable {
    case unreachable(String)
    case timedOut
    case rejected(status: Int, reason: String)
    case invalidResponse(String)
    case missingCredentials(String)
    case cancelled

    package var description: String {
        switch self {
        case .unreachable(let why): "seller unreachable: \(why)"
        case .timedOut: "request timed out"
        case .rejected(let status, let reason): "HTTP \(status): \(reason)"
        case .invalidResponse(let why): "invalid response: \(why)"
        case .missingCredentials(let why): "authentication failed: \(why)"
        case .cancelled: "cancelled (run deadline)"
        }
    }

    /// A failure to reach the seller, in a line (error descriptions from the network stack can run long).
    package static func unreachable(describing error: any Error) -> SonataFailure {
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") {
            return .unreachable("connection refused")
        }
        return .unreachable(text.count > 200 ? String(text.prefix(200)) + "…" : text)
    }
}

extension SonataReply {
    /// An answer's body as JSON (null when empty). With `spliced`, the request's configurations that the answer
    /// merely echoes are dropped unparsed (they come back as `null`); `journal` is the body as the journal keeps
    /// it, when asked for.
    static func read(
        _ response: TransportResponse, _ operation: SonataOperation, spliced: SplicedBody?, journaled: Bool
    ) -> (body: Result<JSONValue, SonataFailure>, journal: JournalBody?) {
        let bytes = response.body.readableBytesView
        if let spliced, !bytes.isEmpty {
            let (elided, echoes) = spliced.elision.elide(Array(bytes))
            return (parse(elided, operation), journaled ? spliced.journalBody(ofAnswer: elided, echoes: echoes) : nil)
        }
        return (parse(bytes, operation), journaled ? JournalBody(bytes: Array(bytes)) : nil)
    }

    /// A recorded answer, as if it had just come.
    static func replaying(
        _ answer: ReplayTape.Answer, _ operation: SonataOperation, elision: JSONEchoElision?
    ) throws(SonataFailure) -> SonataReply {
        var headers = HTTPHeaders()
        for line in answer.headers.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.add(
                name: String(line[..<colon]),
                value: String(line[line.index(after: colon)...].drop { $0 == " " }))
        }
        let body = try parse(elision.map { $0.apply(to: answer.body) } ?? answer.body, operation).get()
        return SonataReply(status: answer.status, headers: headers, body: body, attempts: 0, replayed: true)
    }

    private static func parse(
        _ bytes: some Collection<UInt8>, _ operation: SonataOperation
    ) -> Result<JSONValue, SonataFailure> {
        guard !bytes.isEmpty else { return .success(.null) }
        do {
            return .success(try JSONValue(parsing: bytes))
        } catch {
            return .failure(.invalidResponse("\(operation.name) answered malformed JSON (\(error))"))
        }
    }
}
