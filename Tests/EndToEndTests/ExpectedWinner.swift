import BlackHailCore
import Foundation

/// The winner (and the diverse pair) for a site worked out directly from the demo sellers' profiles (coverage,
/// price book, SLA, installation interval, quote level, diversity), independently of blackhail's fan-out,
/// normaliser and rankers.
struct ExpectedWinner {
    var sellerId: String
    var quoteItemId: String
    var total: Decimal
    /// Monthly plus one-off spread over the term: what the default policy compares.
    var effectiveMonthly: Decimal
    var days: Double
    var uptime: Double

    var offerId: String { "\(siteId)|\(sellerId)|\(quoteItemId)" }
    var siteId: String

    static func compute(site: Site, sellers: [SellerProfile], rates: CurrencyRates) -> ExpectedWinner? {
        candidates(site: site, sellers: sellers, rates: rates).min {
            ($0.effectiveMonthly, $0.days, -$0.uptime, $0.offerId)
                < ($1.effectiveMonthly, $1.days, -$1.uptime, $1.offerId)
        }
    }

    /// The cheapest pair (by effective monthly cost) of offers from two sellers that share no upstream, with its
    /// total over the terms.
    static func pair(site: Site, sellers: [SellerProfile], rates: CurrencyRates) -> (Set<String>, Decimal)? {
        let offers = candidates(site: site, sellers: sellers, rates: rates)
        let upstream = Dictionary(uniqueKeysWithValues: sellers.map { ($0.id, Set($0.diversity?.upstream ?? [])) })
        var best: (Set<String>, Decimal, Double, Decimal)?
        for (index, first) in offers.enumerated() {
            for second in offers[(index + 1)...] where first.sellerId != second.sellerId {
                guard (upstream[first.sellerId] ?? []).isDisjoint(with: upstream[second.sellerId] ?? []) else {
                    continue
                }
                let availability = 100 * (1 - (1 - first.uptime / 100) * (1 - second.uptime / 100))
                if let floor = site.minPairUptime, availability < floor { continue }
                let cost = first.effectiveMonthly + second.effectiveMonthly
                let slower = max(first.days, second.days)
                if best == nil || (cost, slower) < (best!.1, best!.2) {
                    best = ([first.sellerId, second.sellerId], cost, slower, first.total + second.total)
                }
            }
        }
        return best.map { ($0.0, $0.3) }
    }

    static func candidates(site: Site, sellers: [SellerProfile], rates: CurrencyRates) -> [ExpectedWinner] {
        var candidates: [ExpectedWinner] = []
        for seller in sellers {
            guard let emulation = seller.emulate, seller.products.offering(for: site.product) != nil,
                emulation.quoteLevel == .firm, site.quoteLevel == .firm,
                emulation.coverage.contains(where: {
                    $0.covers(
                        country: site.address.country, region: site.address.stateOrProvince,
                        postcode: site.address.postcode)
                })
            else { continue }
            if let minimum = site.minSlaUptime, minimum > emulation.slaUptime { continue }
            let days = emulation.installInterval.calendarDays
            if let maximum = site.maxInstallDays, days > Double(maximum) { continue }
            let tiers = Set(emulation.priceBook.map(\.mbps)).sorted()
            for (index, bandwidth) in site.bandwidths.enumerated() {
                let needed = max(bandwidth.downstream, bandwidth.upstream)
                guard let tier = tiers.first(where: { Int64($0) * 1_000_000 >= needed }) else { continue }
                for term in site.termsMonths {
                    guard let entry = emulation.priceBook.first(where: { $0.mbps == tier && $0.termMonths == term }),
                        let rate = rates.rebased(to: "USD")?.rates[emulation.currency]
                    else { continue }
                    let monthly = roundedToCent(entry.mrc * rate)
                    let oneOff = roundedToCent(entry.nrc * rate)
                    candidates.append(
                        ExpectedWinner(
                            sellerId: seller.id, quoteItemId: "\(site.id)~\(index + 1)~\(term)m",
                            total: roundedToCent(oneOff + monthly * Decimal(term)),
                            effectiveMonthly: roundedToCent(monthly + oneOff / Decimal(term)), days: days,
                            uptime: site.minSlaUptime ?? emulation.slaUptime, siteId: site.id))
                }
            }
        }
        return candidates
    }

    static func roundedToCent(_ value: Decimal) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, 2, .bankers)
        return output
    }
}
