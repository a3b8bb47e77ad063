import BlackHailCore
import Foundation
import Testing

/// The progress display's model: counts from events, the ETA, and the layout at any terminal size.
@Suite struct ProgressFrameTests {
    /// A seller `done` of `planned` requests into `phase`.
    static func counts(
        _ phase: RunPhase, done: Int, planned: Int, failed: Int = 0, retries: Int = 0, polling: Int = 0
    ) -> SellerActivityCounts {
        var counts = SellerActivityCounts()
        counts.phase = phase
        counts.plannedAddresses = planned
        counts.done = done
        counts.failed = failed
        counts.retries = retries
        counts.polling = polling
        return counts
    }

    /// `count` sellers named `seller-01`..., the n-th having done n of 100 requests, in POQ.
    static func sellers(_ count: Int) -> [(sellerId: String, counts: SellerActivityCounts)] {
        (1...count).map { index in
            (String(format: "seller-%02d", index), Self.counts(.qualification, done: index, planned: 100))
        }
    }

    @Test func eventsAddUpToTheCounts() {
        let activity = RunActivity(sellerIds: ["a", "b", "a"])
        #expect(activity.sellers.map(\.sellerId) == ["a", "b"])
        let seller = try! #require(activity.seller("a"))
        seller.plan(.addressValidation, requests: 3)
        seller.plan(.qualification, requests: 2)
        seller.plan(.quoting, requests: 4)
        seller.began(.addressValidation)
        seller.finished(status: 200)
        seller.finished(status: 422)
        seller.finished(status: nil)
        seller.retried()
        seller.began(.qualification)
        seller.unplan(.qualification)
        seller.polling(true)
        seller.polled()
        seller.polled()
        seller.finished(status: 503)
        seller.polling(false)
        seller.finished(status: 307)
        // A phase never goes back.
        seller.began(.addressValidation)
        seller.plan(.quoting, requests: 2)
        let counts = seller.snapshot
        #expect(counts.phase == .qualification)
        #expect(counts.planned == 3 + 1 + 2)
        #expect(counts.done == 5)
        // No answer, a 503 and a redirect failed; a 422 is the seller's answer.
        #expect(counts.failed == 3)
        #expect(counts.retries == 1)
        #expect(counts.polls == 2)
        #expect(counts.polling == 0)
    }

    @Test func theETAIsTheSlowestSellersAtItsOwnPace() {
        let frame = ProgressFrame(
            sellers: [
                ("fast", Self.counts(.quoting, done: 90, planned: 100)),
                ("slow", Self.counts(.qualification, done: 25, planned: 100)),
                ("finished", Self.counts(.done, done: 10, planned: 10)),
            ], elapsed: .seconds(60))
        // slow: 75 left at 25 a minute.
        #expect(frame.eta == .seconds(180))
        #expect(frame.remaining(Self.counts(.quoting, done: 90, planned: 100)) == .seconds(60) * (10.0 / 90.0))
        #expect(frame.totals.done == 125)
        #expect(frame.totals.planned == 210)
        #expect(frame.totals.phase == .qualification)
    }

    @Test func noETABeforeEverySellerHasEndedARequest() {
        let frame = ProgressFrame(
            sellers: [
                ("a", Self.counts(.quoting, done: 90, planned: 100)),
                ("b", Self.counts(.addressValidation, done: 0, planned: 100)),
            ], elapsed: .seconds(5))
        #expect(frame.eta == nil)
        #expect(frame.lines(width: 80, height: 5)[0].text.contains("ETA --"))
        #expect(frame.plainLine.contains("ETA unknown"))
    }

    @Test(arguments: [40, 80, 200])
    func everyLineFitsTheWidthAndTheHeight(width: Int) {
        let frame = ProgressFrame(sellers: Self.sellers(20), elapsed: .seconds(65))
        for height in [1, 2, 3, 12, 30] {
            let lines = frame.lines(width: width, height: height)
            #expect(lines.count <= height)
            #expect(lines.allSatisfy { $0.width < width }, "\(lines.map(\.text))")
            #expect(lines.allSatisfy { $0.text.utf8.allSatisfy { (0x20...0x7E).contains($0) } })
        }
        // At 200 columns the whole run line fits: requests, ETA, phases, elapsed, retries, failures.
        if width == 200 {
            let header = frame.lines(width: width, height: 12)[0].text
            #expect(header == "210/2,000 requests 10%  ETA 1h47m  20 POQ  elapsed 1m05s  0 retries  0 failed")
        }
    }

    @Test func sellersThatDoNotFitAreSummedUpSlowestShownFirst() {
        var sellers = Self.sellers(20)
        sellers[4].counts = Self.counts(.done, done: 100, planned: 100)
        sellers[7].counts.failed = 2
        sellers[14].counts.failed = 3
        let frame = ProgressFrame(sellers: sellers.shuffled(), elapsed: .seconds(10))
        let lines = frame.lines(width: 80, height: 12).map(\.text)
        #expect(lines.count == 12)
        // Header, the ten slowest (fewest requests done), then the rest summed up.
        let shown = lines.dropFirst().dropLast().map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(shown == (1...10).filter { $0 != 5 }.map { String(format: "seller-%02d", $0) } + ["seller-11"])
        #expect(lines.last == "  + 10 more: 9 POQ, 1 done; 244/1,000 requests, 3 failed")
        #expect(lines.contains { $0.hasPrefix("  seller-08") && $0.contains("2 failed") })
    }

    @Test func everySellerGetsALineWhenAllFit() {
        let frame = ProgressFrame(sellers: Self.sellers(3), elapsed: .seconds(3))
        let lines = frame.lines(width: 80, height: 4).map(\.text)
        #expect(lines.count == 4)
        #expect(lines[1] == "  seller-01 POQ" + String(repeating: " ", count: 15) + "1/100   1%  sites 0/0")
    }

    @Test func aSellerIdCannotMoveTheCursor() {
        let frame = ProgressFrame(
            sellers: [("evil\u{1B}[2J\u{5BBD}", Self.counts(.quoting, done: 1, planned: 2))], elapsed: .seconds(1))
        let line = frame.lines(width: 80, height: 5)[1].text
        #expect(line.hasPrefix("  evil?[2J? "))
    }

    @Test func colourOnlyWhenAsked() {
        var counts = Self.counts(.quoting, done: 1, planned: 2, failed: 1)
        counts.sitesTotal = 1
        let line = ProgressFrame(sellers: [("a", counts)], elapsed: .seconds(1)).lines(width: 120, height: 1)[0]
        #expect(line.rendered(colour: true).contains("\u{1B}[31m1 failed\u{1B}[0m"))
        #expect(line.rendered(colour: false) == line.text)
        #expect(!line.text.contains("\u{1B}"))
    }

    @Test(arguments: [(0, "0"), (999, "999"), (1000, "1,000"), (600_000, "600,000"), (1_234_567, "1,234,567")])
    func countsAreGroupedByThousands(value: Int, text: String) {
        #expect(ProgressFrame.count(value) == text)
    }

    @Test(arguments: [(5, "5s"), (65, "1m05s"), (3599, "59m59s"), (7380, "2h03m")])
    func durationsAreShort(seconds: Int64, text: String) {
        #expect(ProgressFrame.duration(.seconds(seconds)) == text)
    }

    @Test func thePlainLineSaysEverything() {
        let frame = ProgressFrame(
            sellers: [
                ("a", Self.counts(.quoting, done: 3, planned: 4, failed: 1, retries: 2, polling: 1)),
                ("b", Self.counts(.done, done: 4, planned: 4)),
            ], elapsed: .seconds(12))
        #expect(
            frame.plainLine
                == "progress: 7/8 requests (87%); sellers 1 quotes, 1 done; 2 retries; 1 failed; 1 polling; "
                + "elapsed 12s; ETA 4s")
    }
}
