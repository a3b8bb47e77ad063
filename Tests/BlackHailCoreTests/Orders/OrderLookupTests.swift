import BlackHailCore
import Foundation
import JSONCore
import MEF139
import Testing

/// The decision every create hangs on: only a 200 with a valid, empty list says the seller has no such order.
@Suite struct OrderLookupTests {
    static let externalId = "bh-0123456789abcdef01234567"

    static func reading(_ status: Int, _ body: String) throws -> OrderLookup {
        OrderLookup.reading(status: status, body: try JSONValue(parsing: body), externalId: externalId)
    }

    @Test func anEmptyListIsTheOnlyAbsence() throws {
        #expect(try Self.reading(200, "[]") == .absent)
    }

    @Test(arguments: [
        #"[{"id": "o-1", "externalId": "bh-0123456789abcdef01234567", "state": "inProgress"}]"#,
        // An entry without externalId is taken as the filter's match.
        #"[{"id": "o-1", "state": "inProgress"}]"#,
        // One entry the seller could not describe fully does not hide the order the other names.
        #"[{"externalId": "bh-0123456789abcdef01234567"}, {"id": "o-1", "state": "inProgress"}]"#,
    ])
    func aListedOrderIsFound(body: String) throws {
        #expect(try Self.reading(200, body) == .found(id: "o-1", state: "inProgress"))
    }

    @Test(arguments: [
        (429, "[]"), (503, "[]"), (500, #"{"code": "internalError"}"#), (404, "[]"), (401, "null"),
        (200, "null"), (200, "{}"), (200, #""<html>""#), (200, #"["o-1"]"#),
        (200, #"[{"externalId": "bh-0123456789abcdef01234567", "state": "acknowledged"}]"#),
        (200, #"[{"id": "", "externalId": "bh-0123456789abcdef01234567"}]"#),
        (200, #"[{"id": 7}]"#),
        // Only other orders: a seller ignoring the filter, whose next page might hold this one.
        (200, #"[{"id": "o-2", "externalId": "bh-ffffffffffffffffffffffff"}]"#),
    ])
    func anythingElseIsUnknown(status: Int, body: String) throws {
        guard case .unknown(let why) = try Self.reading(status, body) else {
            Issue.record("HTTP \(status) \(body) was taken as definitive")
            return
        }
        #expect(why.hasPrefix("the order look-up"))
    }

    @Test(arguments: [
        SonataFailure.timedOut, .unreachable("connection reset by peer"), .invalidResponse("malformed JSON"),
        .cancelled, .missingCredentials("no token"),
    ])
    func noAnswerIsUnknown(failure: SonataFailure) {
        #expect(OrderLookup.failed(failure) == .unknown("the order look-up failed: \(failure)"))
    }
}
