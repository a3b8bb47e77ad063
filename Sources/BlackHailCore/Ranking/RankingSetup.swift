import Foundation

/// What a ranking is made under, as a person gives it: the report currency, exchange rates (a file and
/// `CODE=RATE` flags) and a policy file. Checked as a whole before any seller is contacted.
package struct RankingSetup: Sendable {
    package var policy: RankingPolicy
    package var reportCurrency: String
    /// The rates as given; nil when none were.
    package var rates: CurrencyRates?

    /// Why a ranking setup cannot be used: a mistake on the command line (`usage`) or in a file (`input`).
    package enum Problem: Error, CustomStringConvertible {
        case usage(String)
        case input(String)

        package var description: String {
            switch self {
            case .usage(let message), .input(let message): message
            }
        }
    }

    /// - Parameters:
    ///   - ratesFile: the rates file's path as the person wrote it, and where to read it from.
    ///   - policyFile: likewise for the policy.
    ///   - fallbackRates: the rates when neither a file nor flags give any (a saved run's own).
    ///   - fallbackPolicy: the policy when no file gives one.
    package static func load(
        currency: String, ratesFile: (name: String, url: URL)?, rateFlags: [String],
        policyFile: (name: String, url: URL)?, fallbackRates: CurrencyRates? = nil,
        fallbackPolicy: RankingPolicy = .standard
    ) throws(Problem) -> RankingSetup {
        let currency = currency.uppercased()
        guard currency.count == 3, CurrencyCode.isKnown(currency) else {
            throw .usage("--currency \(currency): not an ISO 4217 currency code (such as USD, EUR, GBP)")
        }
        var rates = ratesFile == nil && rateFlags.isEmpty ? fallbackRates : nil
        do {
            if let ratesFile { rates = try CurrencyRates.load(contentsOf: ratesFile.url) }
        } catch {
            throw .input(error.description)
        }
        if !rateFlags.isEmpty {
            var table = rates ?? CurrencyRates(base: currency)
            do {
                for flag in rateFlags { try table.add(flag: flag) }
            } catch {
                throw .usage(error.description)
            }
            rates = table
        }
        if let rates {
            if let unknown = rates.rates.keys.sorted().first(where: { !CurrencyCode.isKnown($0) }) {
                throw .input(
                    "\(ratesFile?.name ?? "--rate"): \(unknown) is not an ISO 4217 currency code")
            }
            guard rates.hasRate(for: currency) else {
                let known = rates.rates.keys.sorted().joined(separator: ", ")
                throw .usage(
                    "--currency \(currency): the exchange rates (\(ratesFile?.name ?? "--rate"), base \(rates.base)) "
                        + "have no rate for it, so no offer could be compared in it; use one of \(known), or add "
                        + "--rate \(currency)=RATE")
            }
        }
        var policy = fallbackPolicy
        if let policyFile {
            do {
                policy = try RankingPolicy.load(contentsOf: policyFile.url)
            } catch {
                throw .input("\(policyFile.name): \(error)")
            }
        }
        return RankingSetup(policy: policy, reportCurrency: currency, rates: rates)
    }
}
