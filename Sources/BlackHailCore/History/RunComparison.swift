import Foundation

/// What changed between two quote runs (`blackhail diff`): per site, matched by site id, the winner and why it
/// changed, each seller's price move, coverage gained or lost and the diverse pair; sellers new or missing; and the
/// total change. A pure function of the two results.
///
/// Every amount is on the newer run's cost basis (`RankingPolicy.CostBasis.cost(of:)`, the effective monthly cost
/// unless its policy says otherwise) in its report currency: the older run is ranked again offline under the newer
/// one's policy and currency when they differ (`aligned(before:after:)`), so that both sides compare alike.
package struct RunComparison: Sendable, Hashable {
    package var before: RunFacts
    package var after: RunFacts
    package var currency: String
    package var costBasis: RankingPolicy.CostBasis
    /// Every site of either run: the newer run's in its order, then those only the older run had.
    package var sites: [SiteChange]
    package var sellersAdded: [SellerName]
    package var sellersRemoved: [SellerName]
    /// Said once about the comparison as a whole (the older run ranked again, say).
    package var notes: [String]

    package struct RunFacts: Sendable, Hashable {
        package var runId: String
        package var startedAt: Date
        package var sites: Int
        package var coveredSites: Int
        /// The winners' summed cost on the basis compared, over every site the run covered.
        package var winnersCost: Decimal
    }

    package struct SellerName: Sendable, Hashable {
        package var id: String
        package var name: String
    }

    /// A site's winner as compared: who, what, and its cost on the basis compared.
    package struct Winner: Sendable, Hashable {
        package var sellerId: String
        package var sellerName: String
        package var downstream: Int64
        package var upstream: Int64
        package var termMonths: Int?
        package var isAlternate: Bool
        package var cost: Decimal?

        init(_ offer: Offer, basis: RankingPolicy.CostBasis) {
            sellerId = offer.sellerId
            sellerName = offer.sellerName
            downstream = offer.downstream
            upstream = offer.upstream
            termMonths = offer.termMonths
            isAlternate = offer.isAlternate
            cost = basis.cost(of: offer)
        }

        /// The same seller's same product (bandwidth and term): a quote item id changes every run, this does not.
        func isSameOffer(as other: Winner) -> Bool {
            sellerId == other.sellerId && downstream == other.downstream && upstream == other.upstream
                && termMonths == other.termMonths && isAlternate == other.isAlternate
        }
    }

    /// Whether a site is in both runs.
    package enum Presence: String, Sendable, Hashable {
        case both
        /// Only in the newer run.
        case added
        /// Only in the older run.
        case removed
    }

    /// Whether a site both runs quoted has an orderable winner, before and after (`none` also for a site only one
    /// run quoted).
    package enum Coverage: String, Sendable, Hashable {
        case kept, gained, lost, none
    }

    package struct SiteChange: Sendable, Hashable {
        package var siteId: String
        package var name: String?
        package var presence: Presence
        package var before: Winner?
        package var after: Winner?
        package var coverage: Coverage
        /// Why the winner changed, in words; nil when it did not.
        package var reason: String?
        /// Sellers whose best offer for the site or whose answer changed, in seller order.
        package var priceMoves: [PriceMove]
        /// The diverse pair, when either run chose one for the site and it changed.
        package var pair: PairChange?

        package var winnerChanged: Bool {
            switch (before, after) {
            case (nil, nil): false
            case (let old?, let new?): !old.isSameOffer(as: new)
            default: true
            }
        }

        /// The winner's cost after minus before; nil unless both have one.
        package var costChange: Decimal? {
            guard let old = before?.cost, let new = after?.cost else { return nil }
            return new - old
        }

        package var hasChanges: Bool {
            presence != .both || winnerChanged || costChange != 0 || !priceMoves.isEmpty || pair != nil
        }
    }

    /// One seller at one site: its best offer's cost and how it answered, before and after.
    package struct PriceMove: Sendable, Hashable {
        package var sellerId: String
        package var sellerName: String
        package var before: Decimal?
        package var after: Decimal?
        /// How the seller answered (`ReportFigures.CellState`): winner, orderable, offered but not ranked,
        /// not serviceable, declined, failed; nil when the seller was not in that run.
        package var stateBefore: ReportFigures.CellState?
        package var stateAfter: ReportFigures.CellState?

        package var change: Decimal? {
            guard let before, let after else { return nil }
            return after - before
        }

        /// The change in percent of the price before, to one decimal; nil without both prices or from zero.
        package var percent: Decimal? { RunComparison.percent(change, of: before) }
    }

    package struct PairChange: Sendable, Hashable {
        /// The pair's sellers by name (cheaper link first); empty when there was no pair.
        package var before: [String]
        package var after: [String]
        /// The pair's combined effective monthly cost.
        package var costBefore: Decimal?
        package var costAfter: Decimal?
    }

    /// Sums and counts over the sites.
    package struct Totals: Sendable, Hashable {
        /// Winners' cost on sites both runs covered: the like-for-like change.
        package var comparedSites: Int
        package var comparedBefore: Decimal
        package var comparedAfter: Decimal
        package var winnersChanged: Int
        package var coverageGained: Int
        package var coverageLost: Int
        package var sitesAdded: Int
        package var sitesRemoved: Int
        package var pricesUp: Int
        package var pricesDown: Int
        package var pairsChanged: Int
        package var sitesUnchanged: Int

        package var comparedChange: Decimal { comparedAfter - comparedBefore }
        package var comparedPercent: Decimal? { RunComparison.percent(comparedChange, of: comparedBefore) }
    }

    package var totals: Totals {
        let compared = sites.filter { $0.before?.cost != nil && $0.after?.cost != nil }
        let moves = sites.flatMap(\.priceMoves).compactMap(\.change)
        return Totals(
            comparedSites: compared.count,
            comparedBefore: compared.reduce(0) { $0 + ($1.before?.cost ?? 0) },
            comparedAfter: compared.reduce(0) { $0 + ($1.after?.cost ?? 0) },
            winnersChanged: sites.count(where: { $0.presence == .both && $0.winnerChanged }),
            coverageGained: sites.count(where: { $0.coverage == .gained }),
            coverageLost: sites.count(where: { $0.coverage == .lost }),
            sitesAdded: sites.count(where: { $0.presence == .added }),
            sitesRemoved: sites.count(where: { $0.presence == .removed }),
            pricesUp: moves.count(where: { $0 > 0 }), pricesDown: moves.count(where: { $0 < 0 }),
            pairsChanged: sites.count(where: { $0.pair != nil }),
            sitesUnchanged: sites.count(where: { !$0.hasChanges }))
    }

    /// `change` in percent of `base`, to one decimal; nil without a change or from zero.
    static func percent(_ change: Decimal?, of base: Decimal?) -> Decimal? {
        guard let change, let base, base != 0 else { return nil }
        var value = change * 100 / base
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 1, .plain)
        return rounded
    }
}

extension RunComparison {
    /// Compares two results as they stand: the caller makes sure they share a report currency and policy
    /// (`aligned(before:after:)`).
    /// - Parameter onlyNewerSites: compare only the newer run's sites, as for a refresh (`quote --refresh`) that
    ///   quoted some of the older run's sites again: the others were not asked, not removed.
    package init(
        before old: QuoteRunResult, after new: QuoteRunResult, notes: [String] = [], onlyNewerSites: Bool = false
    ) {
        let basis = new.policy.costBasis
        let (oldFigures, newFigures) = (ReportFigures(old), ReportFigures(new))
        let oldSites = Dictionary(old.sites.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newIds = Set(new.sites.map(\.id))
        let oldSellers = Set(old.sellers.map(\.id))
        let newSellers = Set(new.sellers.map(\.id))
        var sellerOrder = new.sellers.map { SellerName(id: $0.id, name: $0.name) }
        sellerOrder += old.sellers.filter { !newSellers.contains($0.id) }.map { SellerName(id: $0.id, name: $0.name) }

        func winner(_ figures: ReportFigures, _ siteId: String) -> Winner? {
            figures.winner(siteId).map { Winner($0, basis: basis) }
        }
        func cell(
            _ figures: ReportFigures, sellers: Set<String>, _ siteId: String, _ sellerId: String
        )
            -> (state: ReportFigures.CellState?, cost: Decimal?)
        {
            guard sellers.contains(sellerId) else { return (nil, nil) }
            let cell = figures.cell(site: siteId, seller: sellerId)
            return (cell.state, cell.offer.flatMap { basis.cost(of: $0) })
        }
        func pair(_ figures: ReportFigures, _ siteId: String) -> (sellers: [String], cost: Decimal?)? {
            guard let pair = figures.pair(siteId) else { return nil }
            let sellers = [pair.primary, pair.secondary].compactMap { $0.flatMap(figures.offer)?.sellerName }
            return (sellers, pair.effectiveMonthlyCost)
        }

        var changes: [SiteChange] = []
        let siteOrder =
            new.sites.map { (site: $0, inOld: oldSites[$0.id] != nil, inNew: true) }
            + (onlyNewerSites ? [] : old.sites.filter { !newIds.contains($0.id) }).map {
                (site: $0, inOld: true, inNew: false)
            }
        for entry in siteOrder {
            let id = entry.site.id
            let before = entry.inOld ? winner(oldFigures, id) : nil
            let after = entry.inNew ? winner(newFigures, id) : nil
            var moves: [PriceMove] = []
            for seller in sellerOrder {
                let old = entry.inOld ? cell(oldFigures, sellers: oldSellers, id, seller.id) : (state: nil, cost: nil)
                let new = entry.inNew ? cell(newFigures, sellers: newSellers, id, seller.id) : (state: nil, cost: nil)
                // A seller only one run asked shows only where it made an offer.
                let answerChanged =
                    old.state != nil && new.state != nil && Self.answered(old.state) != Self.answered(new.state)
                guard old.cost != new.cost || answerChanged else { continue }
                moves.append(
                    PriceMove(
                        sellerId: seller.id, sellerName: seller.name, before: old.cost, after: new.cost,
                        stateBefore: old.state, stateAfter: new.state))
            }
            var pairChange: PairChange?
            let (oldPair, newPair) = (
                entry.inOld ? pair(oldFigures, id) : nil, entry.inNew ? pair(newFigures, id) : nil
            )
            if oldPair != nil || newPair != nil,
                oldPair?.sellers != newPair?.sellers || oldPair?.cost != newPair?.cost
            {
                pairChange = PairChange(
                    before: oldPair?.sellers ?? [], after: newPair?.sellers ?? [], costBefore: oldPair?.cost,
                    costAfter: newPair?.cost)
            }
            var change = SiteChange(
                siteId: id, name: entry.site.name,
                presence: entry.inOld && entry.inNew ? .both : (entry.inNew ? .added : .removed),
                before: before, after: after,
                coverage: entry.inOld && entry.inNew ? Self.coverage(before: before, after: after) : .none,
                reason: nil, priceMoves: moves, pair: pairChange)
            if change.winnerChanged, change.presence == .both {
                change.reason = Self.reason(change, oldFigures: oldFigures, newFigures: newFigures, basis: basis)
            }
            changes.append(change)
        }
        func facts(_ result: QuoteRunResult) -> RunFacts {
            RunFacts(
                runId: result.runId, startedAt: result.startedAt, sites: result.sites.count,
                coveredSites: result.coveredSites.count,
                winnersCost: result.winners.reduce(0) { $0 + (basis.cost(of: $1) ?? 0) })
        }
        self.init(
            before: facts(old), after: facts(new), currency: new.reportCurrency, costBasis: basis, sites: changes,
            sellersAdded: new.sellers.filter { !oldSellers.contains($0.id) }.map {
                SellerName(id: $0.id, name: $0.name)
            },
            sellersRemoved: old.sellers.filter { !newSellers.contains($0.id) }.map {
                SellerName(id: $0.id, name: $0.name)
            }, notes: notes)
    }

    /// Two results made comparable: the older one ranked again offline under the newer one's policy and report
    /// currency when they differ (with its own rates, else the newer run's), and a note that says so.
    package static func aligned(
        before old: QuoteRunResult, after new: QuoteRunResult, onlyNewerSites: Bool = false
    ) throws(RankingSetup.Problem) -> RunComparison {
        let scope =
            onlyNewerSites
            ? [
                "run \(new.runId) refreshes \(ReportText.plural(new.sites.count, "site")) of run \(old.runId): only "
                    + "those are compared"
            ] : []
        guard old.policy != new.policy || old.reportCurrency != new.reportCurrency else {
            return RunComparison(before: old, after: new, notes: scope, onlyNewerSites: onlyNewerSites)
        }
        let reranked = try old.reranked(
            policy: new.policy, reportCurrency: new.reportCurrency,
            rates: old.reportCurrency == new.reportCurrency ? nil : (old.rates ?? new.rates))
        return RunComparison(
            before: reranked, after: new,
            notes: scope + [
                "run \(old.runId) ranked again under run \(new.runId)'s policy and report currency "
                    + "(\(new.reportCurrency)) so that both compare alike"
            ], onlyNewerSites: onlyNewerSites)
    }

    /// Whether a seller gave an offer at all: moving between orderable and not ranked is a price-move matter,
    /// moving between offering and not is an answer change.
    private static func answered(_ state: ReportFigures.CellState?) -> Bool? {
        guard let state else { return nil }
        switch state {
        case .winner, .ranked, .notRanked: return true
        case .notServiceable, .declined, .failed, .missing: return false
        }
    }

    private static func coverage(before: Winner?, after: Winner?) -> Coverage {
        switch (before != nil, after != nil) {
        case (true, true): .kept
        case (false, true): .gained
        case (true, false): .lost
        case (false, false): .none
        }
    }

    /// Why a site's winner changed: what became of the old winner, and what the new one did.
    private static func reason(
        _ change: SiteChange, oldFigures: ReportFigures, newFigures: ReportFigures, basis: RankingPolicy.CostBasis
    ) -> String {
        let currency = newFigures.result.reportCurrency
        func price(_ amount: Decimal?) -> String { amount.map { "\(ReportText.amount($0)) \(currency)" } ?? "n/a" }
        guard let old = change.before else {
            guard let new = change.after else { return "" }
            return "covered now: \(new.sellerName) wins at \(price(new.cost))"
        }
        if let new = change.after, new.sellerId == old.sellerId {
            return "\(old.sellerName) now wins with another offer (\(describe(new)) instead of \(describe(old))) "
                + "at \(price(new.cost)), was \(price(old.cost))"
        }
        // What became of the old winner; nil when it still offers what it did (or less), and the new one undercut it.
        let oldFate: String?
        var oldPrice: Decimal?
        if !newFigures.result.sellers.contains(where: { $0.id == old.sellerId }) {
            oldFate = "\(old.sellerName) was not asked this time"
        } else {
            let cell = newFigures.cell(site: change.siteId, seller: old.sellerId)
            switch cell.state {
            case .winner, .ranked:
                let now = cell.offer.flatMap { basis.cost(of: $0) }
                oldPrice = now
                if let now, let was = old.cost, now > was {
                    oldFate = "\(old.sellerName) raised its price from \(price(was)) to \(price(now))"
                } else {
                    oldFate = nil
                }
            case .notRanked:
                let reason = newFigures.excludedOffers(change.siteId).first { $0.offer.sellerId == old.sellerId }?
                    .reason
                oldFate = "\(old.sellerName)'s offer is no longer ranked" + (reason.map { " (\($0))" } ?? "")
            case .notServiceable, .declined, .failed, .missing:
                oldFate =
                    "\(old.sellerName) \(cell.state.label) this time"
                    + (cell.outcome?.reason.map { " (\(TerminalText.safe($0, limit: 120)))" } ?? "")
            }
        }
        guard let new = change.after else { return (oldFate ?? "") + "; no orderable offer is left" }
        let newWas = change.priceMoves.first { $0.sellerId == new.sellerId }
        let why: String?
        if !oldFigures.result.sellers.contains(where: { $0.id == new.sellerId }) {
            why = "a seller new to this comparison"
        } else if let was = newWas?.before, let now = new.cost, now < was {
            why = "it cut its price from \(price(was))"
        } else if newWas?.stateBefore.map({ answered($0) == false }) == true {
            why = "it made no offer before"
        } else {
            why = nil
        }
        guard let oldFate else {
            return "\(new.sellerName) wins at \(price(new.cost)), below \(old.sellerName)'s \(price(oldPrice))"
                + (why.map { " (\($0))" } ?? "")
        }
        return oldFate + "; \(new.sellerName) wins at \(price(new.cost))" + (why.map { " (\($0))" } ?? "")
    }

    /// "100 Mbps, 36m": what tells two offers of one seller apart.
    static func describe(_ winner: Winner) -> String {
        "\(Bandwidth(downstream: winner.downstream, upstream: winner.upstream)), \(ReportText.term(winner.termMonths))"
            + (winner.isAlternate ? ", alternate" : "")
    }
}
