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
        /// Events sent, by event type, and how many of them the buyer's listener answered 2xx.
        var eventsSent: [String: Int] = [:]
        var eventsAccepted = 0
        /// When each request arrived, the first `arrivalLimit` of them.
        var arrivals: [ContinuousClock.Instant] = []
    }

    /// Arrival times kept per seller: enough for a measured run, bounded for an emulator serving for hours.
    static let arrivalLimit = 100_000

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
            if counters.arrivals.count < Self.arrivalLimit { counters.arrivals.append(.now) }
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

    func countEvent(seller: String, eventType: String, status: Int?) {
        counters.withLock { all in
            all[seller, default: Counters()].eventsSent[eventType, default: 0] += 1
            if let status, (200..<300).contains(status) { all[seller, default: Counters()].eventsAccepted += 1 }
        }
    }

    /// Notification events the seller sent, by event type, and how many of them the listeners accepted (2xx).
    package func events(seller: String) -> (sent: [String: Int], accepted: Int) {
        counters.withLock { ($0[seller]?.eventsSent ?? [:], $0[seller]?.eventsAccepted ?? 0) }
    }

    package func maximumInFlight(seller: String) -> Int {
        counters.withLock { $0[seller]?.maximumInFlight ?? 0 }
    }

    /// The most requests the seller received within any `window` (a rate limit's unit), and how long it took from
    /// the first arrival to the last.
    package func busiestWindow(seller: String, window: Duration = .seconds(1)) -> (requests: Int, span: Duration) {
        let arrivals = counters.withLock { $0[seller]?.arrivals ?? [] }
        guard let first = arrivals.first, let last = arrivals.last else { return (0, .zero) }
        var busiest = 0
        var start = 0
        for (end, arrival) in arrivals.enumerated() {
            while arrival - arrivals[start] >= window { start += 1 }
            busiest = max(busiest, end - start + 1)
        }
        return (busiest, last - first)
    }
}

extension EmulatorStatistics {
    /// What one seller received, as `blackhail emulate --statistics FILE` writes it: the seller's side of a
    /// measurement (the bench's shared budgets), which the buyer's journal cannot give because it times a request
    /// from when it starts waiting for its turn.
    package struct SellerSummary: Codable, Sendable, Equatable {
        package var requests: Int
        package var requestsByOperation: [String: Int]
        package var maximumInFlight: Int
        /// The most requests that arrived within any one second.
        package var busiestSecond: Int
        /// From the first arrival to the last.
        package var spanSeconds: Double
        /// Arrivals per second over that span (0 for fewer than two).
        package var averagePerSecond: Double
        /// `externalId`s whose order creation arrived more than once (a buyer that never orders twice has none).
        package var repeatedOrderCreates: [String]
    }

    /// Every seller that received a request, by seller id.
    package func summary() -> [String: SellerSummary] {
        let sellers = counters.withLock { Array($0.keys) }
        var summaries: [String: SellerSummary] = [:]
        for seller in sellers {
            let byOperation = requests(seller: seller)
            let (busiest, span) = busiestWindow(seller: seller)
            let arrivals = counters.withLock { $0[seller]?.arrivals.count ?? 0 }
            let seconds = Double(span.components.seconds) + Double(span.components.attoseconds) * 1e-18
            summaries[seller] = SellerSummary(
                requests: byOperation.values.reduce(0, +), requestsByOperation: byOperation,
                maximumInFlight: maximumInFlight(seller: seller), busiestSecond: busiest, spanSeconds: seconds,
                averagePerSecond: arrivals > 1 && seconds > 0 ? Double(arrivals - 1) / seconds : 0,
                repeatedOrderCreates: orderCreates(seller: seller).filter { $0.value > 1 }.map(\.key).sorted())
        }
        return summaries
    }
}
