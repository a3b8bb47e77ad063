import BlackHailCore
import Foundation
import HTTPTypes
import Hummingbird
import JSONCore
import MEF139
import Synchronization

/// The faults a demo seller plays: its profile's `faults`, which tests may switch while it serves (a seller whose
/// order look-ups recover), and how many look-ups of each `externalId` it answered (for `orderLookup.startAfter`).
final class SellerFaults: Sendable {
    private struct State {
        var rates: FaultRates
        var lookups: [String: Int] = [:]
    }

    private let state: Mutex<State>
    /// Draws for the order faults only, so that they leave the latency and throttling of other requests as the
    /// seed makes them.
    private let random: SharedRandom

    init(_ rates: FaultRates, seed: UInt64) {
        state = Mutex(State(rates: rates))
        random = SharedRandom(seed: seed &+ 3)
    }

    var rates: FaultRates {
        get { state.withLock { $0.rates } }
        set { state.withLock { $0.rates = newValue } }
    }

    /// The fault this look-up of `externalId` plays, if any; counts the look-up.
    func lookupFault(externalId: String?) -> OrderLookupFault? {
        let (fault, earlier) = state.withLock { state in
            let key = externalId ?? ""
            defer { state.lookups[key, default: 0] += 1 }
            return (state.rates.orderLookup, state.lookups[key, default: 0])
        }
        guard let fault, earlier >= fault.startAfter, random.unit() < fault.rate else { return nil }
        return fault
    }

    /// How the answer to a creation is lost, if it is.
    func lostAnswer() -> LostOrderAnswer? {
        guard let loss = rates.orderCreateAnswerLost, random.unit() < loss.rate else { return nil }
        return loss
    }
}

extension OrderLookupFault {
    /// The answer the look-up gets instead of the list; nil (after the delay, for `slow`) for the list itself.
    func answer(externalId: String?, retryAfterSeconds: Int) async -> Response? {
        switch failure {
        case .throttled:
            return MEFResponse.throttled(retryAfterSeconds: retryAfterSeconds)
        case .unavailable:
            return MEFResponse.unavailable
        case .slow:
            try? await Task.sleep(for: .seconds(delaySeconds))
            return nil
        case .malformed:
            var headers = HTTPFields()
            headers[.contentType] = "text/html"
            return Response(
                status: .ok, headers: headers,
                body: .init(byteBuffer: ByteBuffer(string: "<html><body>Order search is down</body></html>")))
        case .entryWithoutId:
            var entry: JSONObject = ["state": "acknowledged"]
            if let externalId { entry["externalId"] = .string(externalId) }
            return MEFResponse.json([.object(entry)])
        }
    }
}

/// An order was created and the answer to its creation is lost on the way (see `LostOrderAnswer`).
struct LostAnswer: Error {
    var loss: LostOrderAnswer
    /// The answer that would have been given.
    var created: Response

    /// What the buyer gets instead.
    func answer() async -> Response {
        switch loss.failure {
        case .unavailable:
            return MEFResponse.unavailable
        case .gatewayTimeout:
            return MEFResponse.error(.gatewayTimeout, code: SonataErrorCode.internalError, reason: "Upstream timed out")
        case .reset:
            // The head goes out, then the body fails: the server closes the connection mid-answer.
            var headers = HTTPFields()
            headers[.contentType] = MEFResponse.contentType
            return Response(status: .created, headers: headers, body: ResponseBody { _ in throw ConnectionReset() })
        case .slow:
            try? await Task.sleep(for: .seconds(loss.delaySeconds))
            return created
        }
    }

    struct ConnectionReset: Error {}
}

extension SellerFaults {
    /// `answer` to `endpoint` as the seller's chaos plays it: quote ids padded, POQs that never finish.
    func chaotic(_ answer: JSONValue, _ endpoint: SonataEndpoint) -> JSONValue {
        guard let chaos = rates.chaos, case .object(var object) = answer else { return answer }
        switch endpoint {
        case .createProductOfferingQualification, .retrieveProductOfferingQualification:
            guard chaos.neverFinish == true else { return answer }
            object["state"] = "inProgress"
        case .createQuote, .retrieveQuote:
            // The quote's own id: its items' ids must echo the buyer's, or the quote prices nothing.
            guard let length = chaos.idLength, let id = object["id"]?.stringValue else { return answer }
            object["id"] = .string(id + String(repeating: "x", count: max(length - id.count, 0)))
        default:
            return answer
        }
        return .object(object)
    }

    /// Bytes of padding every JSON answer object carries, when the chaos swells answers.
    var answerPadding: Int { max(rates.chaos?.paddingBytes ?? 0, 0) }
}

extension SellerChaos {
    /// The refusal every address validation gets, when the chaos has one.
    var addressRefusal: ChaosRefusal? {
        errorReasonLength.map { ChaosRefusal(status: .badRequest, reason: String(repeating: "r", count: $0)) }
    }
}

/// An error answer chaos plays instead of the operation.
struct ChaosRefusal: Error {
    var status: HTTPResponse.Status
    var reason: String

    var response: Response {
        // Not `MEFResponse.error`, which keeps to the schema's 255 characters as a well-behaved seller does.
        MEFResponse.json(["code": .string(SonataErrorCode.invalidBody), "reason": .string(reason)], status: status)
    }

    /// An HTML error page with `status`, as a proxy or web server in front of the API answers.
    static func htmlPage(status: Int) -> Response {
        let phrase = [404: "Not Found", 501: "Not Implemented", 502: "Bad Gateway"][status] ?? "Error"
        var headers = HTTPFields()
        headers[.contentType] = "text/html"
        let page =
            "<html><head><title>\(status) \(phrase)</title></head><body><h1>\(phrase)</h1><hr>nginx</body>"
            + "</html>"
        return Response(
            status: HTTPResponse.Status(code: status, reasonPhrase: phrase), headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: page)))
    }
}
