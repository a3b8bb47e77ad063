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
    package var warnings: [String]
    /// The version of the JSON form this result was written with (`currentSchemaVersion` for a new run).
    package var schemaVersion: Int = QuoteRunResult.currentSchemaVersion
    /// The ranking policy the rankings were made under.
    package var policy: RankingPolicy = .standard
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
    }

    package struct SiteSummary: Sendable, Codable, Hashable {
        package var id: String
        package var name: String?
        package var country: String
        package var product: String
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
        case schemaVersion, policy, inputs
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
