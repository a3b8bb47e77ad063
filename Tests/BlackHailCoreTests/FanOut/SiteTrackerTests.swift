import Synchronization
import Testing

@testable import BlackHailCore

/// The progress a seller's site tracker reports: each site counts as done once, however many times and in whatever
/// way it is settled, and sites it does not know change nothing.
@Suite struct SiteTrackerTests {
    /// Every progress report a tracker makes, in order.
    final class Reports: Sendable {
        private let reports = Mutex<[SellerProgress]>([])

        func append(_ progress: SellerProgress) { reports.withLock { $0.append(progress) } }

        var all: [SellerProgress] { reports.withLock { $0 } }

        var done: [Int] { all.map(\.sitesDone) }
    }

    /// A tracker over sites `S1`…`Sn`, and its reports.
    static func tracker(sites count: Int) -> (SiteTracker, Reports) {
        let sites = (1...count).map { number in
            Site(
                id: "S\(number)", address: SiteAddress(streetName: "Main", city: "Springfield", country: "US"),
                bandwidths: [Bandwidth(downstream: 100_000_000, upstream: 100_000_000)], sourceLine: number + 1)
        }
        let reports = Reports()
        let tracker = SiteTracker(sellerId: "northwind", sites: SiteIndex(sites), report: reports.append)
        return (tracker, reports)
    }

    @Test func eachSiteCountsAsDoneOnceWhateverSettlesIt() {
        let (tracker, reports) = Self.tracker(sites: 4)
        tracker.note("S1", .declined, "POQ item terminated")  // not done: other items may still be offered
        tracker.warn("S1", ["string boolean"])
        tracker.finish("S2", .notServiceable, "address not known")
        tracker.finish("S2", .failed, "again")  // already done
        tracker.complete(["S1", "S2", "S3"])  // S2 again
        tracker.complete(["S3", "S9"])  // S3 again; S9 is not a site of this run
        tracker.finish("S4", .failed, "run deadline")
        #expect(reports.done == [0, 0, 1, 1, 3, 3, 4])
        #expect(reports.all.allSatisfy { $0.sitesTotal == 4 && $0.sellerId == "northwind" })
    }

    @Test func settlingEverySiteOneByOneCountsUpToTheTotal() {
        let (tracker, reports) = Self.tracker(sites: 1000)
        for number in 1...1000 {
            tracker.warn("S\(number)", ["drift"])
            tracker.complete(["S\(number)"])
        }
        tracker.complete((1...1000).map { "S\($0)" })
        let done = reports.done
        #expect(done.count == 2001)
        #expect(done.last == 1000)
        #expect(zip(done, done.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test func theFirstFinalWordStandsAndOffersWinOverIt() {
        let (tracker, _) = Self.tracker(sites: 2)
        tracker.finish("S1", .notServiceable, "outside the footprint")
        tracker.finish("S1", .failed, "later")
        tracker.note("S2", .notServiceable, "red")
        tracker.note("S2", .declined, "terminated")
        let outcomes = tracker.result(offers: [], requests: (requests: 0, retries: 0, replies: 0)).outcomes
        #expect(outcomes.map(\.status) == [.notServiceable, .declined])
        #expect(outcomes.map(\.reason) == ["outside the footprint", "terminated"])
    }

    @Test func aDeadlineLeavesSitesNeverAskedOutOfTheOutcomesAsRanges() {
        let (tracker, _) = Self.tracker(sites: 10)
        tracker.finish("S1", .notServiceable, "no offering")  // settled before any request: an outcome
        tracker.ask(["S3", "S4"])  // asked, unfinished: failed, cancelled
        tracker.note("S4", .failed, "address validation: cancelled (run deadline)")
        tracker.complete(["S6"])  // done without being asked: still not asked
        let result = tracker.result(offers: [], requests: (requests: 2, retries: 0, replies: 0), cutShort: true)
        #expect(result.outcomes.map(\.siteId) == ["S1", "S3", "S4"])
        #expect(result.outcomes.map(\.status) == [.notServiceable, .failed, .failed])
        #expect(result.outcomes[1].reason == SonataFailure.cancelled.description)
        let notAsked = result.notAsked
        #expect(notAsked?.count == 7)
        #expect(notAsked?.sites == [.init(from: 1, through: 1), .init(from: 4, through: 9)])
        #expect((0..<10).filter { notAsked?.contains($0) == true } == [1, 4, 5, 6, 7, 8, 9])
    }

    @Test func withoutADeadlineEverySiteHasAnOutcome() {
        let (tracker, reports) = Self.tracker(sites: 3)
        tracker.completeAll()
        let result = tracker.result(offers: [], requests: (requests: 0, retries: 0, replies: 0))
        #expect(result.notAsked == nil)
        #expect(result.outcomes.map(\.reason) == ["no answer", "no answer", "no answer"])
        #expect(reports.done == [3])
    }
}
