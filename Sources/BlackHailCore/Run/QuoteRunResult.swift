import Foundation

/// Everything a quote run found, in one model that every output format and the journal read. Ordered by stable
/// keys (site order of the input, then seller id), never by completion order.
///
/// Its JSON form (`ResultJSON`, `schemas/quote-result.schema.json`) is a published interface: add fields freely,
/// but renaming or removing one, or changing its meaning, raises `currentSchemaVersion`. The document is written
/// member by member in `ResultJSON+Writing.swift`: a field added here or to a type below goes there too.
package struct QuoteRunResult: Sendable, Codable, Hashable {
    package var runId: String
    package var startedAt: Date
    package var finishedAt: Date
    package var reportCurrency: String
    package var sellers: [SellerSummary]
    package var sites: [SiteSummary]
    package var outcomes: [SiteSellerOutcome]
    package var offers: [Offer]
    package var rankings: [SiteRanking]
    /// The chosen diverse pair per site, for sites that asked for one (or every site with `--pairs`).
    package var pairs: [PairRanking] = []
    /// Run-wide warnings, all of them made by converting and ranking (a re-ranking makes them anew).
    package var warnings: [String]
    /// The version of the JSON form this result was written with (`currentSchemaVersion` for a new run).
    package var schemaVersion: Int = QuoteRunResult.currentSchemaVersion
    /// The ranking policy the rankings were made under.
    package var policy: RankingPolicy = .standard
    /// The exchange rates offers were converted with, as given (any base); nil when none were.
    package var rates: CurrencyRates?
    /// The blackhail that made the result; nil for results saved before 0.2.
    package var blackhailVersion: String? = ProductVersion.current
    /// The files the run read, with their checksums, so that a saved result says exactly what it was made from.
    package var inputs: [InputFile] = []

    /// The JSON form this build writes, and the newest it reads.
    package static let currentSchemaVersion = 1

    package struct SellerSummary: Sendable, Codable, Hashable {
        package var id: String
        package var name: String
        package var emulated: Bool
        /// The seller answered at least one request (with any HTTP status): it was reachable.
        package var answered: Bool
        /// Sites for which the seller's outcome is `failed`.
        package var failedSites: Int
        /// Requests sent to the seller, retries included, and how many were retries.
        package var requests: Int
        package var retries: Int
        /// What the seller's profile declares about its network, for diverse pairs (kept so that a saved result
        /// can be ranked again offline).
        package var diversity: SellerDiversity?
        /// Per MEF operation, the run's requests as its journal recorded them: latency and errors, for the report's
        /// sellers section (`summariseExchanges`); nil when the run was not recorded.
        package var operations: [SellerScorecard.Operation]?
        /// The sites this seller was never asked about because the run's deadline passed first (counted in
        /// `failedSites`, without an outcome each); nil when every site was asked.
        package var notAsked: NotAsked? = nil
    }

    /// A site as the result keeps it: who it is, what it asked of the ranking, and the buyer's own `x_` columns.
    package struct SiteSummary: Sendable, Codable, Hashable, SiteRequirements {
        package var id: String
        package var name: String?
        package var country: String
        package var product: String
        package var maxInstallDays: Int?
        package var minSlaUptime: Double?
        package var diversity: Diversity
        package var minPairUptime: Double?
        /// The site list's `x_` columns by their full name (`x_cost_center`); empty values left out.
        package var attributes: [String: String]
        /// The service the site has today (`current_` columns), for the saving.
        package var incumbent: Incumbent?

        package init(
            id: String, name: String? = nil, country: String, product: String, maxInstallDays: Int? = nil,
            minSlaUptime: Double? = nil, diversity: Diversity = Diversity.none, minPairUptime: Double? = nil,
            attributes: [String: String] = [:], incumbent: Incumbent? = nil
        ) {
            self.id = id
            self.name = name
            self.country = country
            self.product = product
            self.maxInstallDays = maxInstallDays
            self.minSlaUptime = minSlaUptime
            self.diversity = diversity
            self.minPairUptime = minPairUptime
            self.attributes = attributes
            self.incumbent = incumbent
        }

        package init(_ site: Site) {
            self.init(
                id: site.id, name: site.name, country: site.address.country, product: site.product.rawValue,
                maxInstallDays: site.maxInstallDays, minSlaUptime: site.minSlaUptime, diversity: site.diversity,
                minPairUptime: site.minPairUptime, attributes: site.extraAttributes, incumbent: site.incumbent)
        }

        enum CodingKeys: String, CodingKey {
            case id, name, country, product, maxInstallDays, minSlaUptime, diversity, minPairUptime, attributes
            case incumbent
        }

        /// Results saved before sites kept their constraints read as sites without any.
        package init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                id: try c.decode(String.self, forKey: .id), name: try c.decodeIfPresent(String.self, forKey: .name),
                country: try c.decode(String.self, forKey: .country),
                product: try c.decode(String.self, forKey: .product),
                maxInstallDays: try c.decodeIfPresent(Int.self, forKey: .maxInstallDays),
                minSlaUptime: try c.decodeIfPresent(Double.self, forKey: .minSlaUptime),
                diversity: try c.decodeIfPresent(Diversity.self, forKey: .diversity) ?? Diversity.none,
                minPairUptime: try c.decodeIfPresent(Double.self, forKey: .minPairUptime),
                attributes: try c.decodeIfPresent([String: String].self, forKey: .attributes) ?? [:],
                incumbent: try c.decodeIfPresent(Incumbent.self, forKey: .incumbent))
        }
    }

    /// One file a run read: the site list, a seller profile, the rates or the policy.
    package struct InputFile: Sendable, Codable, Hashable {
        package var role: Role
        /// As given on the command line (seller profiles: the sellers directory as given, then the file name).
        package var path: String
        /// SHA-256 of the file's bytes, 64 lower-case hex digits (as `sha256sum` prints it).
        package var sha256: String
        package var bytes: Int
        /// For a seller profile: the seller it defines.
        package var sellerId: String?

        package enum Role: String, Sendable, Codable, Hashable {
            case sites, sellerProfile, rates, policy
        }

        package init(role: Role, path: String, contents: some Collection<UInt8>, sellerId: String? = nil) {
            self.role = role
            self.path = path
            self.sha256 = Checksum.sha256(contents)
            self.bytes = contents.count
            self.sellerId = sellerId
        }
    }

    package func offer(id: String) -> Offer? { offers.first { $0.id == id } }

    package func ranking(siteId: String) -> SiteRanking? { rankings.first { $0.siteId == siteId } }

    /// Sites with an orderable winner.
    package var coveredSites: [String] { rankings.filter { $0.winner != nil }.map(\.siteId) }

    package var elapsed: TimeInterval { finishedAt.timeIntervalSince(startedAt) }

    /// How complete the run is, which the command line turns into its exit status.
    package var completeness: Completeness {
        if !sellers.isEmpty, !sellers.contains(where: \.answered) { return .noSellerReachable }
        let allCovered = coveredSites.count == sites.count && pairs.allSatisfy(\.hasPair)
        return allCovered && !sellers.contains(where: { $0.failedSites > 0 }) ? .complete : .partial
    }

    package enum Completeness: String, Sendable, Codable {
        /// Every site has an orderable offer (and a diverse pair where one was asked for) and no seller failed.
        case complete
        /// Some sites have no orderable offer, or some sellers failed for some sites.
        case partial
        /// No seller answered at all.
        case noSellerReachable
    }
}

extension QuoteRunResult {
    enum CodingKeys: String, CodingKey {
        case runId, startedAt, finishedAt, reportCurrency, sellers, sites, outcomes, offers, rankings, pairs, warnings
        case schemaVersion, policy, inputs, rates, blackhailVersion
    }

    /// Keys written but not read back: derived from the rest, for readers of the JSON.
    private enum DerivedKeys: String, CodingKey {
        case summary
    }

    /// Writes every stored field, each offer with its `id` (which rankings refer to), and a derived `summary`.
    /// Reading (synthesised) ignores both: they are recomputed from the rest.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(runId, forKey: .runId)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(finishedAt, forKey: .finishedAt)
        try container.encode(reportCurrency, forKey: .reportCurrency)
        try container.encode(policy, forKey: .policy)
        try container.encodeIfPresent(rates, forKey: .rates)
        try container.encodeIfPresent(blackhailVersion, forKey: .blackhailVersion)
        try container.encode(inputs, forKey: .inputs)
        try container.encode(sellers, forKey: .sellers)
        try container.encode(sites, forKey: .sites)
        try container.encode(outcomes, forKey: .outcomes)
        try container.encode(offers.map(IdentifiedOffer.init), forKey: .offers)
        try container.encode(rankings, forKey: .rankings)
        try container.encode(pairs, forKey: .pairs)
        try container.encode(warnings, forKey: .warnings)
        var derived = encoder.container(keyedBy: DerivedKeys.self)
        try derived.encode(RunSummary(self), forKey: .summary)
    }
}

/// An offer as written to JSON: its fields plus its `id`.
package struct IdentifiedOffer: Encodable {
    package var offer: Offer

    package init(_ offer: Offer) {
        self.offer = offer
    }

    private enum Keys: String, CodingKey { case id }

    package func encode(to encoder: any Encoder) throws {
        try offer.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(offer.id, forKey: .id)
    }
}
