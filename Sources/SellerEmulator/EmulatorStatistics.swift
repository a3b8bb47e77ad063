import JSONCore
import Synchronization

/// What the emulator saw, per seller: requests by operation, the most requests it had in flight at once, and the
/// order creations it received per `externalId`. Tests use it to check that the buyer side kept to each seller's
/// limits and sent nothing twice.
package final class EmulatorStatistics: Sendable {
    private struct Counters {
        var requests: [String: Int] = [:]
        var inFlight = 0
        var maximumInFlight = 0
        var orderCreates: [String: Int] = [:]
    }

    private let counters = Mutex<[String: Counters]>([:])
    private let bodies = Mutex<[RecordedBody]>([])
    /// Keep every request body, for tests that check what a buyer sent.
    package let recordsBodies: Bool

    package init(recordsBodies: Bool = false) {
        self.recordsBodies = recordsBodies
    }

    /// A request body as the emulator received it.
    package struct RecordedBody: Sendable {
        package var seller: String
        package var operation: String
        package var body: JSONObject
    }

    func record(seller: String, operation: String, body: JSONObject) {
        guard recordsBodies else { return }
        bodies.withLock { $0.append(RecordedBody(seller: seller, operation: operation, body: body)) }
    }

    /// Every recorded request body, in arrival order (empty unless `recordsBodies`).
    package var recordedBodies: [RecordedBody] { bodies.withLock { $0 } }

    func begin(seller: String, operation: String) {
        counters.withLock { all in
            var counters = all[seller] ?? Counters()
            counters.requests[operation, default: 0] += 1
            counters.inFlight += 1
            counters.maximumInFlight = max(counters.maximumInFlight, counters.inFlight)
            all[seller] = counters
        }
    }

    func end(seller: String) {
        counters.withLock { $0[seller]?.inFlight -= 1 }
    }

    /// Requests the seller received, by operation id (`createQuote`, ...).
    package func requests(seller: String) -> [String: Int] {
        counters.withLock { $0[seller]?.requests ?? [:] }
    }

    func countOrderCreate(seller: String, externalId: String?) {
        counters.withLock { $0[seller, default: Counters()].orderCreates[externalId ?? "", default: 0] += 1 }
    }

    /// Order creations the seller received, by `externalId` ("" for none), whether it created the order or not: a
    /// buyer that never orders twice leaves every count at 1.
    package func orderCreates(seller: String) -> [String: Int] {
        counters.withLock { $0[seller]?.orderCreates ?? [:] }
    }

    package func maximumInFlight(seller: String) -> Int {
        counters.withLock { $0[seller]?.maximumInFlight ?? 0 }
    }
}
