import Foundation
import JSONCore
import Testing

@testable import BlackHailCore

/// When the watch looks at an order again, and what counts as a change.
@Suite struct OrderWatchScheduleTests {
    static let schedule = OrderWatchSchedule(minimum: 60, maximum: 3_600)
    static let now = Date(timeIntervalSince1970: 1_000_000)

    static func wait(
        after previous: TimeInterval?, changed: Bool = false, expectedIn: TimeInterval? = nil,
        retryAfter: Double? = nil
    ) -> TimeInterval {
        schedule.wait(
            after: previous, changed: changed, expected: expectedIn.map { now.addingTimeInterval($0) },
            retryAfterSeconds: retryAfter, now: now)
    }

    @Test func waitsDoubleWhileNothingChangesUpToTheLongestAndStartAgainAfterAChange() {
        var waits: [TimeInterval] = []
        var previous: TimeInterval?
        for _ in 0..<9 {
            let wait = Self.wait(after: previous)
            waits.append(wait)
            previous = wait
        }
        #expect(waits == [60, 120, 240, 480, 960, 1_920, 3_600, 3_600, 3_600])
        #expect(Self.wait(after: 3_600, changed: true) == 60)
    }

    @Test func theSellersExpectedDateBringsTheNextLookForward() {
        #expect(Self.wait(after: 1_920, expectedIn: 600) == 600)
        // Never sooner than the shortest wait.
        #expect(Self.wait(after: 1_920, expectedIn: 5) == 60)
        // A date that passed during the last wait: the order is due any moment.
        #expect(Self.wait(after: 3_600, expectedIn: -10) == 60)
        // Long overdue: backing off as usual.
        #expect(Self.wait(after: 120, expectedIn: -86_400) == 240)
    }

    @Test(arguments: [(30.0, 120.0), (900, 900), (1e12, 3_600), (-5, 120), (.infinity, 120), (.nan, 120)])
    func retryAfterIsHonouredWithinTheLongestWait(retryAfter: Double, expected: TimeInterval) {
        #expect(Self.wait(after: 60, retryAfter: retryAfter) == expected)
    }

    @Test func boundsAreSaneWhateverTheyAreGiven() {
        let odd = OrderWatchSchedule(minimum: 0, maximum: -5)
        #expect(odd.minimum == 1)
        #expect(odd.maximum == 1)
    }

    static func order(state: String, items: [JSONValue]) -> JSONValue {
        ["id": "PO-1", "state": .string(state), "productOrderItem": .array(items)]
    }

    @Test func changesNameTheStateTheExpectedDateAndTheNewMilestones() {
        let before = OrderProgress(
            order: Self.order(
                state: "inProgress",
                items: [
                    [
                        "id": "1", "state": "inProgress", "expectedCompletionDate": "2027-01-10T00:00:00Z",
                        "milestone": [["name": "PLANNING_COMPLETE"]],
                    ]
                ]), fallbackState: "acknowledged")
        let after = OrderProgress(
            order: Self.order(
                state: "completed",
                items: [
                    [
                        "id": "1", "state": "completed", "expectedCompletionDate": "2027-01-12T00:00:00Z",
                        "milestone": [["name": "PLANNING_COMPLETE"], ["name": "EQUIPMENT_INSTALLED"]],
                    ]
                ]), fallbackState: "acknowledged")
        #expect(
            after.changes(since: before) == [
                "inProgress -> completed", "item 1 expected 2027-01-12T00:00:00Z",
                "item 1 milestones EQUIPMENT_INSTALLED",
            ])
        #expect(after.changes(since: after).isEmpty)
        #expect(after.isTerminal)
        #expect(before.expectedCompletion == MEFDateTime.date(from: "2027-01-10T00:00:00Z"))
        #expect(after.expectedCompletion == nil, "no item is open")
        #expect(OrderProgress(state: "unknown").changes(since: nil) == ["unknown"])
    }

    @Test func aHostileAnswerIsBounded() {
        let long = String(repeating: "x", count: 10_000)
        let items: [JSONValue] = (0..<200).map { index in
            [
                "id": .string("\(index)\(long)"), "state": .string(long),
                "milestone": .array((0..<100).map { _ in ["name": .string(long)] }),
            ]
        }
        let progress = OrderProgress(order: Self.order(state: long, items: items), fallbackState: "acknowledged")
        #expect(progress.items.count == OrderProgress.maximumItems)
        #expect(progress.items.allSatisfy { $0.milestones.count == OrderProgress.maximumMilestones })
        #expect(progress.state.count <= SellerText.maximumIdLength)
        #expect(progress.items.allSatisfy { $0.id.count <= SellerText.maximumIdLength })
        // A seller sending no state or items at all: the state blackhail knew.
        #expect(OrderProgress(order: ["id": "PO-1"], fallbackState: "inProgress") == OrderProgress(state: "inProgress"))
    }
}
