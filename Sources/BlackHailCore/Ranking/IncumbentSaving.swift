import Foundation

/// What a site's winning offer saves against the service the site has today (`current_mrc`, `current_nrc`), on
/// the effective monthly basis: the current monthly charge plus its one-off charge spread over the winner's term,
/// against the winner's monthly charge plus its one-off charge spread over its term, both in the report currency.
/// Negative when the winner costs more than staying.
package struct IncumbentSaving: Sendable, Hashable, Encodable {
    package var siteId: String
    package var currentSeller: String?
    package var currency: String
    /// The current service's effective monthly cost.
    package var current: Decimal
    /// The winner's effective monthly cost.
    package var winner: Decimal
    /// `current` minus `winner`.
    package var saving: Decimal
    /// The saving in percent of `current`, to one decimal; nil when the current service costs nothing.
    package var percent: Decimal?

    /// nil without a winner with a term, or without a rate from the current service's currency.
    package init?(siteId: String, incumbent: Incumbent, winner: Offer?, rates: CurrencyRates) {
        guard let winner, let winnerCost = winner.converted?.effectiveMonthly, let term = winner.termMonths, term > 0,
            let monthly = rates.convert(incumbent.monthlyRecurring), let oneOff = rates.convert(incumbent.nonRecurring)
        else { return nil }
        self.siteId = siteId
        currentSeller = incumbent.sellerName
        currency = rates.base
        current = Money(ConvertedAmounts.effectiveMonthly(monthly, oneOff, term), rates.base).rounded.amount
        self.winner = winnerCost
        saving = current - winnerCost
        percent = Self.percent(saving, of: current)
    }

    /// "against the current service (Pacific Bell, 520.00 USD a month effective) it saves 184.00 USD a month (35.4%)".
    package var sentence: String {
        let amount = saving < 0 ? -saving : saving
        return "against the current service (\(currentSeller.map { "\($0), " } ?? "")"
            + "\(ReportText.amount(current)) \(currency) a month effective) it "
            + (saving < 0
                ? "costs \(ReportText.amount(amount)) \(currency) a month more"
                : "saves \(ReportText.amount(amount)) \(currency) a month")
            + (percent.map { " (\($0 < 0 ? -$0 : $0)%)" } ?? "")
    }

    static func percent(_ part: Decimal, of whole: Decimal) -> Decimal? {
        guard whole != 0 else { return nil }
        var value = part * 100 / whole
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 1, .plain)
        return rounded
    }
}

/// The savings of a run summed over the sites with a current service and a winner.
package struct SavingsSummary: Sendable, Hashable, Encodable {
    package var currency: String
    /// The sites compared, in site order.
    package var sites: [IncumbentSaving]
    /// Sites with a current service but no saving to show: no winner, or no rate for its currency.
    package var sitesNotCompared: [String]
    package var current: Decimal
    package var winners: Decimal
    package var saving: Decimal
    package var percent: Decimal?

    init(currency: String, sites: [IncumbentSaving], sitesNotCompared: [String]) {
        self.currency = currency
        self.sites = sites
        self.sitesNotCompared = sitesNotCompared
        current = sites.reduce(0) { $0 + $1.current }
        winners = sites.reduce(0) { $0 + $1.winner }
        saving = current - winners
        percent = IncumbentSaving.percent(saving, of: current)
    }

    /// "Savings: 184.00 USD a month effective (12.1%) against the current services of 3 sites (1,520.00 USD now,
    /// 1,336.00 USD with the winners)".
    package var sentence: String {
        "Savings: \(ReportText.amount(saving)) \(currency) a month effective"
            + (percent.map { " (\($0)%)" } ?? "")
            + " against the current services of \(ReportText.plural(sites.count, "site")) "
            + "(\(ReportText.amount(current)) \(currency) now, \(ReportText.amount(winners)) \(currency) with the winners; "
            + "one-off charges spread over the winner's term)"
            + (sitesNotCompared.isEmpty
                ? "" : "; not compared (no winner or no exchange rate): \(sitesNotCompared.joined(separator: ", "))")
    }
}

extension QuoteRunResult {
    /// The rates the result's amounts are in the report currency with (identity without any).
    package var reportRates: CurrencyRates {
        rates?.rebased(to: reportCurrency) ?? CurrencyRates(base: reportCurrency)
    }

    /// What the winners save against the sites' current services; nil when no site gave one.
    package var savings: SavingsSummary? {
        let current = sites.filter { $0.incumbent != nil }
        guard !current.isEmpty else { return nil }
        let winnerBySite = Dictionary(winners.map { ($0.siteId, $0) }, uniquingKeysWith: { first, _ in first })
        let rates = reportRates
        var compared: [IncumbentSaving] = []
        var notCompared: [String] = []
        for site in current {
            guard let incumbent = site.incumbent,
                let saving = IncumbentSaving(
                    siteId: site.id, incumbent: incumbent, winner: winnerBySite[site.id], rates: rates)
            else {
                notCompared.append(site.id)
                continue
            }
            compared.append(saving)
        }
        return SavingsSummary(currency: reportCurrency, sites: compared, sitesNotCompared: notCompared)
    }
}
