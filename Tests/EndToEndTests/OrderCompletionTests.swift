import AsyncHTTPClient
import BlackHailCore
import Foundation
import JSONCore
import Logging
import SellerEmulator
import TestSupport
import Testing

/// The scorecard's orders against the completion dates sellers promised (issue 19), over real HTTP: orders placed
/// from a run, read back with `order status` (`OrderTracker`) at a time the test sets, then scored from the journal.
/// The emulator promises each order complete `installInterval` after it was placed and completes it
/// `orderCompletionSeconds` after.
@Suite struct OrderCompletionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// When the emulator completes an order, and when it is read, in days after it was placed.
        var completesAfterDays: Double
        var readAfterDays: Double
        var expected: OrderCompletion
        var testDescription: String { name }
    }

    /// Every order promised for day 10; what one order counts.
    static let cases: [Case] = [
        Case(
            name: "completed on day 5", completesAfterDays: 5, readAfterDays: 6,
            expected: tally(completed: 1, onTime: 1, delay: -5)),
        Case(
            name: "completed on day 15", completesAfterDays: 15, readAfterDays: 16,
            expected: tally(completed: 1, late: 1, delay: 5)),
        Case(
            name: "still in progress on day 12", completesAfterDays: 15, readAfterDays: 12, expected: tally(overdue: 1)),
        Case(name: "in progress on day 3", completesAfterDays: 15, readAfterDays: 3, expected: tally()),
    ]

    static func tally(
        completed: Int = 0, onTime: Int = 0, late: Int = 0, overdue: Int = 0, delay: Double? = nil
    ) -> OrderCompletion {
        var tally = OrderCompletion()
        tally.placed = 1
        tally.completed = completed
        tally.onTime = onTime
        tally.late = late
        tally.overdue = overdue
        tally.medianDelayDays = delay
        return tally
    }

    @Test(arguments: cases) func ordersAreScoredAgainstTheDateTheSellerPromised(_ example: Case) async throws {
        let clock = TestClock()
        try await OrderTests.withQuotedRun(
            adjust: { emulation in
                emulation.installInterval = MEFDuration(amount: 10, units: .calendarDays)
                emulation.orderCompletionSeconds = example.completesAfterDays * 86_400
            }, clock: clock
        ) { result, sites, journal, running, emulator in
            let (recorded, _, _) = try #require(try journal.run(result.runId))
            let candidates = try OrderPlanner.plan(recorded, sites: sites, selection: .best, now: clock.now)
            let placed = OrderTests.created(
                try await OrderTests.place(candidates, runId: result.runId, journal: journal, running: running))
            #expect(placed.count == 2, "one order per site")
            let sellers = Dictionary(grouping: placed, by: \.sellerId).mapValues(\.count)

            clock.now = clock.now.addingTimeInterval(example.readAfterDays * 86_400)
            try await HTTPClient.withHTTPClient { http in
                let tracker = OrderTracker(journal: journal, now: { clock.now })
                for order in placed {
                    let profile = try #require(running.resolvedProfiles.first { $0.id == order.sellerId })
                    let client = SonataClient(
                        profile: profile, http: http, globalLimit: ConcurrencyLimit(4), logger: Logger(label: "test"))
                    let tracked = await tracker.track(order, with: client)
                    #expect(tracked.problem == nil)
                }
            }
            for (seller, orders) in sellers {
                #expect(
                    emulator.statistics.requests(seller: seller)["retrieveProductOrder"] == orders,
                    "each order read once")
            }

            let card = SellerScorecard(
                since: .distantPast, window: "all", results: [result], timings: [], readings: [],
                orders: try journal.orders(runId: result.runId), now: clock.now)
            for seller in card.sellers {
                #expect(seller.orders == example.expected.times(sellers[seller.id] ?? 0), "\(seller.id)")
            }
            let json = try JSONValue(parsing: card.json())
            #expect(try StrictSchemas.issues(json, schema: "seller-stats.schema.json").isEmpty)
            let table = card.document.sections.first { $0.heading == "Orders against the promised date" }
            #expect(table?.table?.rows.count == sellers.count)
        }
    }
}

extension OrderCompletion {
    /// The tally of `count` orders that each went as the one this tallies.
    func times(_ count: Int) -> OrderCompletion {
        var tally = OrderCompletion()
        tally.placed = placed * count
        tally.completed = completed * count
        tally.onTime = onTime * count
        tally.late = late * count
        tally.overdue = overdue * count
        tally.unsuccessful = unsuccessful * count
        tally.medianDelayDays = count == 0 ? nil : medianDelayDays
        return tally
    }
}
