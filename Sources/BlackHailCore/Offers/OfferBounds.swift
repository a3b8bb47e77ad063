import Foundation

/// What a real Internet Access offer can be. A value outside these bounds is a seller's error (or an attack),
/// never a bargain: the offer is shown with the reason (`Offer.defects`) and is never ranked or orderable, and
/// the value itself is dropped so that no output ever carries a non-finite or absurd number.
package enum OfferBounds {
    /// Contract terms in months: a month to fifty years.
    package static let termMonths = 1...600
    /// Installation lead time in calendar days: at most ten years.
    package static let installDays = 0.0...3_650.0
    /// Committed uptime in percent.
    package static let uptimePercent = 0.0...100.0
    /// Bandwidth in bit/s: from 1 bit/s to 1 Pbit/s.
    package static let bitsPerSecond = 1.0...1e15
    /// One price line's amount, in any currency: a billion covers any access and any currency's unit.
    package static let amount: Decimal = 1_000_000_000

    /// The offer with every value checked: an out-of-bounds one is dropped (nil, or zero for a price) and named
    /// in `defects`. Applied wherever offers come from outside (a seller's answer, a saved result).
    package static func checked(_ offer: Offer) -> Offer {
        var offer = offer
        var defects: [String] = []
        if let term = offer.termMonths, !termMonths.contains(term) {
            defects.append("a term of \(term) months is not a real contract term")
            offer.termMonths = nil
            offer.totalCost = nil
        }
        if let days = offer.installDays, !(days.isFinite && installDays.contains(days)) {
            defects.append("an installation interval of \(describe(days)) days is not a real lead time")
            offer.installDays = nil
        }
        if let uptime = offer.slaUptime, !(uptime.isFinite && uptimePercent.contains(uptime)) {
            defects.append("an SLA uptime of \(describe(uptime))% is not a percentage")
            offer.slaUptime = nil
        }
        for (name, bits) in [("downstream", offer.downstream), ("upstream", offer.upstream)]
        where !bitsPerSecond.contains(Double(bits)) {
            defects.append("a \(name) bandwidth of \(bits) bit/s is not a real access")
        }
        for (name, money) in [("monthly", offer.monthlyRecurring), ("one-off", offer.nonRecurring)]
        where money.amount.isNaN || money.amount < 0 || money.amount > amount {
            defects.append("a \(name) price of \(money.amount.isNaN ? "NaN" : "\(money.amount)") is not a real price")
        }
        for defect in defects where !offer.defects.contains(defect) { offer.defects.append(defect) }
        guard !offer.defects.isEmpty else { return offer }
        offer.orderable = false
        offer.converted = nil
        return offer
    }

    /// A number for a message, whatever it is.
    static func describe(_ value: Double) -> String {
        value.isFinite ? "\(value)" : value.isNaN ? "NaN" : value < 0 ? "minus infinity" : "infinity"
    }
}
