import BlackHailCore
import Foundation

/// The winner for a site worked out directly from the demo sellers' profiles (coverage, price book, SLA,
/// installation interval, quote level), independently of blackhail's fan-out, normaliser and ranker.
struct ExpectedWinner {
    var sellerId: String
    var quoteItemId: String
    var total: Decimal

    static func compute(site: Site, sellers: [SellerProfile], rates: CurrencyRates) -> ExpectedWinner? {
        var candidates: [(total: Decimal, days: Double, uptime: Double, id: String, winner: ExpectedWinner)] = []
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
                    let total = roundedToCent(oneOff + monthly * Decimal(term))
                    let itemId = "\(site.id)~\(index + 1)~\(term)m"
                    candidates.append(
                        (
                            total, days, -(site.minSlaUptime ?? emulation.slaUptime),
                            "\(site.id)|\(seller.id)|\(itemId)",
                            ExpectedWinner(sellerId: seller.id, quoteItemId: itemId, total: total)
                        ))
                }
            }
        }
        return candidates.min { ($0.total, $0.days, $0.uptime, $0.id) < ($1.total, $1.days, $1.uptime, $1.id) }?.winner
    }

    static func roundedToCent(_ value: Decimal) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, 2, .bankers)
        return output
    }
}
