import Foundation

/// Converts offers into the report currency and ranks every site, and every diverse pair asked for, under a
/// policy. The one place a quote run and an offline re-ranking of a saved result (`blackhail report --policy`)
/// share, so that both decide alike.
package struct ResultRanker: Sendable {
    package var policy: RankingPolicy
    /// Every amount compared is in this currency.
    package var reportCurrency: String
    /// The rates as given (any base); nil when there are none.
    package var rates: CurrencyRates?
    /// Diversity attributes per seller id, for pairs.
    package var sellerDiversity: [String: SellerDiversity]

    package init(
        policy: RankingPolicy, reportCurrency: String, rates: CurrencyRates?,
        sellerDiversity: [String: SellerDiversity]
    ) {
        self.policy = policy
        self.reportCurrency = reportCurrency.uppercased()
        self.rates = rates
        self.sellerDiversity = sellerDiversity
        reportRates = rates.flatMap { $0.rebased(to: reportCurrency) } ?? CurrencyRates(base: reportCurrency)
    }

    /// The rates offers are converted with: the given ones rebased to the report currency, or none.
    private let reportRates: CurrencyRates

    /// An offer's amounts in the report currency, or nil when there is no rate for its currency.
    package func converted(_ offer: Offer) -> ConvertedAmounts? {
        guard let monthly = reportRates.convert(offer.monthlyRecurring),
            let oneOff = reportRates.convert(offer.nonRecurring)
        else { return nil }
        return ConvertedAmounts(
            currency: reportRates.base, monthlyRecurring: monthly, nonRecurring: oneOff, termMonths: offer.termMonths)
    }

    /// What ranking produced: the offers with their report-currency amounts (in the order given), a ranking per
    /// site, a pair ranking per site that asked for one, and run-wide warnings (missing rates).
    package struct Ranked: Sendable {
        package var offers: [Offer]
        package var rankings: [SiteRanking]
        package var pairs: [PairRanking]
        package var warnings: [String]
    }

    /// - Parameters:
    ///   - pairSites: the sites to choose a diverse pair for.
    ///   - convert: convert every offer anew with the rates; false keeps the amounts each offer already has (a
    ///     saved result ranked again in its own currency, with the rates it recorded or none).
    ///   - offers: converted in place: a caller that gives up its array (`consume`) saves a copy of every offer.
    package func rank(
        _ offers: consuming [Offer], sites: [some SiteRequirements], pairSites: Set<String>, convert: Bool = true
    ) -> Ranked {
        var warnings: [String] = []
        if let rates, rates.rebased(to: reportCurrency) == nil {
            warnings.append("the rates (base \(rates.base)) have no rate for the report currency \(reportCurrency)")
        }
        // Owned: the given array's last use, so converting in place copies nothing.
        var offers = offers
        var missingRates = Set<String>()
        for index in offers.indices {
            if convert { offers[index].converted = converted(offers[index]) }
            if offers[index].converted == nil { missingRates.insert(offers[index].monthlyRecurring.currency) }
        }
        for currency in missingRates.sorted() {
            warnings.append(
                "no exchange rate from \(currency) to \(reportRates.base): those offers are shown but not ranked "
                    + "against others (give --rates FILE or --rate \(currency)=RATE)")
        }
        let ranker = Ranker(policy: policy)
        // Positions, not copies: each site's offers are gathered only while it is ranked.
        let bySite = Dictionary(grouping: offers.indices, by: { offers[$0].siteId })
        func offersOf(_ site: some SiteRequirements) -> [Offer] { (bySite[site.id] ?? []).map { offers[$0] } }
        let rankings = sites.map { site in
            let siteOffers = offersOf(site)
            var ranking = ranker.rank(siteOffers, for: site)
            // The explanation says what the winner saves against the site's current service, when it has one.
            if let incumbent = site.incumbent,
                let saving = IncumbentSaving(
                    siteId: site.id, incumbent: incumbent,
                    winner: ranking.winner.flatMap { id in siteOffers.first { $0.id == id } }, rates: reportRates)
            {
                ranking.explanation += "; " + saving.sentence
            }
            return ranking
        }
        let pairRanker = PairRanker(policy: policy, sellers: sellerDiversity)
        let pairs = sites.filter { pairSites.contains($0.id) }.map { pairRanker.rank(offersOf($0), for: $0) }
        return Ranked(offers: offers, rankings: rankings, pairs: pairs, warnings: warnings)
    }
}

extension QuoteRunResult {
    /// The same result ranked again offline, without contacting any seller: another policy, report currency or
    /// rate table (each nil: as the run had it). Offers keep the amounts the sellers quoted; conversions, rankings,
    /// pairs and the warnings about missing rates are made anew.
    package func reranked(
        policy: RankingPolicy? = nil, reportCurrency: String? = nil, rates: CurrencyRates? = nil
    ) throws(RankingSetup.Problem) -> QuoteRunResult {
        let currency = reportCurrency?.uppercased() ?? self.reportCurrency
        let table = rates ?? self.rates
        // Without any table, only a result kept in its own currency can be ranked again: its amounts stay.
        let convert = table != nil || currency != self.reportCurrency
        if table == nil, currency != self.reportCurrency,
            offers.contains(where: { $0.monthlyRecurring.currency != currency })
        {
            throw .usage(
                "run \(runId) recorded no exchange rates: give --rates FILE or --rate CODE=RATE to report in \(currency)"
            )
        }
        let policy = policy ?? self.policy
        let ranker = ResultRanker(
            policy: policy, reportCurrency: currency, rates: table,
            sellerDiversity: Dictionary(
                sellers.map { ($0.id, $0.diversity ?? SellerDiversity()) }, uniquingKeysWith: { first, _ in first }))
        let ranked = ranker.rank(offers, sites: sites, pairSites: Set(pairs.map(\.siteId)), convert: convert)
        var result = self
        result.policy = policy
        result.rates = table
        result.reportCurrency = currency
        result.offers = ranked.offers
        result.rankings = ranked.rankings
        result.pairs = ranked.pairs
        result.warnings = ranked.warnings
        return result
    }
}
