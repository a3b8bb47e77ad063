import Foundation
import Testing

@testable import BlackHailCore

@Suite struct RankerTests {
    @Test func anExplanationTellsTwoOffersOfOneSellerApart() {
        var yearly = PairRankerTests.offer("a", total: 8_000, item: "S1~1~12m")
        yearly.termMonths = 12
        let longer = PairRankerTests.offer("a", total: 18_000, item: "S1~1~36m")
        let ranking = Ranker().rank([longer, yearly], for: PairRankerTests.site())
        #expect(ranking.winner == yearly.id)
        #expect(ranking.explanation.hasPrefix("A (12 months) costs 8,000.00 USD over the term"))
        #expect(ranking.explanation.contains("less than A (36 months) (18,000.00 USD)"))

        let other = PairRankerTests.offer("b", total: 9_000)
        let across = Ranker().rank([other, yearly], for: PairRankerTests.site())
        #expect(across.explanation.contains("less than B (9,000.00 USD)"), "other sellers are named alone")
    }
}
