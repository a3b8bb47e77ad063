import ArgumentParser
import BlackHailCore
import Foundation

/// How offers are compared, for `quote` and for ranking a saved result again with `report`.
struct RankingOptions: ParsableArguments {
    @Option(help: "ISO 4217 currency totals are compared and reported in (quote default: USD).")
    var currency: String?

    @Option(
        help: "Exchange rates file (YAML: base, rates). quote default: rates.yaml in the working directory, if any.",
        completion: .file(extensions: ["yaml", "yml"]))
    var rates: String?

    @Option(
        name: .customLong("rate"),
        help: "An exchange rate into the rates' base currency, e.g. EUR=1.08 (repeatable).")
    var rateFlags: [String] = []

    @Option(
        help: "Ranking policy file (YAML): costBasis (effectiveMonthly or total), weights, constraints.",
        completion: .file(extensions: ["yaml", "yml"]))
    var policy: String?

    /// Whether any of these options was given.
    var isGiven: Bool { currency != nil || rates != nil || !rateFlags.isEmpty || policy != nil }

    /// The options that were given, as a person would name them.
    var given: [String] {
        [
            ("--currency", currency != nil), ("--rates", rates != nil), ("--rate", !rateFlags.isEmpty),
            ("--policy", policy != nil),
        ].filter(\.1).map(\.0)
    }
}

extension RankingSetup {
    /// The setup from paths relative to `resolve` (its problems are usage or input errors, see `RankingSetup.Problem`).
    static func load(
        currency: String, ratesPath: String?, rateFlags: [String], policyPath: String?,
        resolve: (String) -> String = { $0 }, fallbackRates: CurrencyRates? = nil,
        fallbackPolicy: RankingPolicy = .standard
    ) throws -> RankingSetup {
        try load(
            currency: currency, ratesFile: ratesPath.map { ($0, URL(fileURLWithPath: resolve($0))) },
            rateFlags: rateFlags, policyFile: policyPath.map { ($0, URL(fileURLWithPath: resolve($0))) },
            fallbackRates: fallbackRates, fallbackPolicy: fallbackPolicy)
    }
}
