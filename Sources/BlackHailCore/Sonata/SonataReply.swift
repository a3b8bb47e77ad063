import JSONCore
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
    /// A POQ or quote still unfinished at the seller when the seller's polling time (`limits.maxPollMinutes`) ran
    /// out: not an offer, not a refusal, and `quote --resume` polls it again.
    case stillPending(id: String, state: String, minutes: Double)

    package var description: String {
        switch self {
        case .unreachable(let why): "seller unreachable: \(why)"
        case .timedOut: "request timed out"
        case .rejected(let status, let reason): "HTTP \(status): \(reason)"
        case .invalidResponse(let why): "invalid response: \(why)"
        case .missingCredentials(let why): "authentication failed: \(why)"
        case .cancelled: "cancelled (run deadline)"
        case .stillPending(let id, let state, let minutes):
            "\(Self.pendingMarker) (\(SellerText.id(id)) in state '\(SellerText.id(state))' after "
                + "\(minutes.rounded() == minutes && minutes.magnitude < 1e9 ? String(Int(minutes)) : String(minutes)) minutes of polling, limits.maxPollMinutes); `blackhail quote --resume` "
                + "polls it again"
        }
    }

    /// Words every `stillPending` description starts with, by which a recorded outcome is known to be pending.
    package static let pendingMarker = "still pending at the seller"

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
    /// merely echoes byte for byte are not parsed: they are read as the values sent (see `SplicedBody`); `journal`
    /// is the body as the journal keeps it, when asked for.
    static func read(
        _ response: TransportResponse, _ operation: SonataOperation, spliced: SplicedBody?, journaled: Bool
    ) -> (body: Result<JSONValue, SonataFailure>, journal: JournalBody?) {
        let bytes = response.body.readableBytesView
        if let spliced, !bytes.isEmpty {
            let answer = Array(bytes)
            let echoes = spliced.echoes(in: answer)
            return (
                parse(answer, operation, status: response.status, reusing: spliced.knownValues(echoes)),
                journaled ? spliced.journalBody(ofAnswer: answer, echoes: echoes) : nil
            )
        }
        return (parse(bytes, operation, status: response.status), journaled ? JournalBody(bytes: Array(bytes)) : nil)
    }

    /// A recorded answer, as if it had just come.
    static func replaying(
        _ answer: ReplayTape.Answer, _ operation: SonataOperation, spliced: SplicedBody?
    ) throws(SonataFailure) -> SonataReply {
        var headers = HTTPHeaders()
        for line in answer.headers.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.add(
                name: String(line[..<colon]),
                value: String(line[line.index(after: colon)...].drop { $0 == " " }))
        }
        let known = spliced.map { $0.knownValues($0.echoes(in: answer.body)) } ?? []
        let body = try parse(answer.body, operation, status: answer.status, reusing: known).get()
        return SonataReply(status: answer.status, headers: headers, body: body, attempts: 0, replayed: true)
    }

    /// A body that is not JSON is malformed in a success; in an error answer (an HTML 501 page from a proxy, a
    /// plain-text 404) the status is the answer, and the body becomes a MEF-like error whose `reason` is the text
    /// in a line, so the error is reported with its status, and not retried as a malformed answer would be.
    private static func parse(
        _ bytes: some Collection<UInt8>, _ operation: SonataOperation, status: Int,
        reusing known: [JSONValue.KnownValue] = []
    ) -> Result<JSONValue, SonataFailure> {
        guard !bytes.isEmpty else { return .success(.null) }
        do {
            let (value, longest) = try JSONValue.measuring(
                bytes, reusing: known, maximumValues: SellerText.maximumAnswerValues)
            return .success(SellerText.bounded(value, longestString: longest))
        } catch {
            if !(200..<300).contains(status) {
                let text = SellerText.summary(ofNonJSON: bytes)
                return .success(["reason": .string(text.isEmpty ? "non-JSON answer" : "non-JSON answer: \(text)")])
            }
            return .failure(.invalidResponse("\(operation.name) answered malformed JSON (\(error))"))
        }
    }
}
