import Foundation
import Yams

/// Exchange rates into the report currency, from a file or flags (blackhail never fetches rates).
///
/// A rates file is YAML: `base: USD` and `rates: {EUR: 1.08, GBP: 1.27}`, each rate the value of one unit of
/// that currency in the base currency.
package struct CurrencyRates: Sendable, Hashable, Codable {
    package var base: String
    package var rates: [String: Decimal]

    package init(base: String, rates: [String: Decimal] = [:]) {
        self.base = base.uppercased()
        self.rates = rates
        self.rates[self.base] = 1
    }

    /// `amount` in the base currency, or nil when the rate is unknown.
    package func convert(_ money: Money) -> Decimal? {
        rates[money.currency.uppercased()].map { money.amount * $0 }
    }

    package func hasRate(for currency: String) -> Bool { rates[currency.uppercased()] != nil }

    /// Re-expresses the rates in another base currency (the report currency), when the table knows it.
    package func rebased(to currency: String) -> CurrencyRates? {
        let target = currency.uppercased()
        guard let value = rates[target], value != 0 else { return nil }
        return CurrencyRates(base: target, rates: rates.mapValues { $0 / value })
    }

    private struct File: Decodable {
        var base: String
        var rates: [String: Double]
    }

    package static func load(contentsOf url: URL) throws(CurrencyRatesError) -> CurrencyRates {
        do {
            let text = try String(contentsOf: url, encoding: .utf8)
            let file = try YAMLDecoder().decode(File.self, from: text)
            var rates: [String: Decimal] = [:]
            for (code, value) in file.rates {
                guard value > 0, value < 1e9 else {
                    throw CurrencyRatesError(message: "\(url.path): rates.\(code) must be a positive number")
                }
                rates[code.uppercased()] = Decimal(string: "\(value)") ?? Decimal(value)
            }
            return CurrencyRates(base: file.base, rates: rates)
        } catch let error as CurrencyRatesError {
            throw error
        } catch {
            throw CurrencyRatesError(message: "\(url.path): \(error)")
        }
    }

    /// A `CODE=RATE` flag (`EUR=1.08`).
    package mutating func add(flag: String) throws(CurrencyRatesError) {
        let parts = flag.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0].count == 3, let rate = Decimal(string: parts[1]), !rate.isNaN, rate > 0,
            rate < 1_000_000_000
        else {
            throw CurrencyRatesError(message: "--rate \(flag): expected CODE=RATE, such as EUR=1.08")
        }
        rates[parts[0].uppercased()] = rate
    }
}

package struct CurrencyRatesError: Error, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}
