import Foundation

/// Newline-delimited JSON for streaming into other tools: every line is one complete JSON object with a `type`
/// and the `schemaVersion`, and the record under the key named by its type (the same object as in the JSON
/// document, `schemas/quote-stream.schema.json`):
///
/// - `outcome` and `offer` lines, one seller at a time as each seller finishes (its outcomes, then its offers,
///   in site order);
/// - then one `ranking` line per site, in site order, and one `pair` line per site that asked for a diverse pair;
/// - last, one `run` line: the run's metadata and summary. Its absence means the stream was cut short.
///
/// `render(_:)` writes a whole result in the same shape, the sellers in id order.
package enum NDJSONReport {
    /// The lines for one finished seller.
    package static func sellerLines(outcomes: [SiteSellerOutcome], offers: [Offer]) throws -> String {
        let encoder = ResultJSON.compactEncoder()
        var text = ""
        for outcome in outcomes { text += try line(.outcome, outcome, encoder) }
        for offer in offers { text += try line(.offer, IdentifiedOffer(offer), encoder) }
        return text
    }

    /// The lines that close a run: the rankings and diverse pairs, then the run's metadata.
    package static func closingLines(_ result: QuoteRunResult) throws -> String {
        let encoder = ResultJSON.compactEncoder()
        var text = ""
        for ranking in result.rankings { text += try line(.ranking, ranking, encoder) }
        for pair in result.pairs { text += try line(.pair, pair, encoder) }
        return text + (try line(.run, RunMetadata(result: result), encoder))
    }

    package static func render(_ result: QuoteRunResult) throws -> String {
        var text = ""
        for seller in result.sellers {
            text += try sellerLines(
                outcomes: result.outcomes.filter { $0.sellerId == seller.id },
                offers: result.offers.filter { $0.sellerId == seller.id })
        }
        return text + (try closingLines(result))
    }

    package enum LineType: String, CodingKey {
        case outcome, offer, ranking, pair, run
    }

    private static func line(_ type: LineType, _ record: some Encodable, _ encoder: JSONEncoder) throws -> String {
        String(decoding: try encoder.encode(Line(type: type, record: record)), as: UTF8.self) + "\n"
    }

    private struct Line<Record: Encodable>: Encodable {
        var type: LineType
        var record: Record

        enum Keys: String, CodingKey { case type, schemaVersion }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(type.rawValue, forKey: .type)
            try container.encode(QuoteRunResult.currentSchemaVersion, forKey: .schemaVersion)
            var body = encoder.container(keyedBy: LineType.self)
            try body.encode(record, forKey: type)
        }
    }

    /// The run line: the JSON document without its outcomes, offers, rankings and pairs (they came as lines before).
    private struct RunMetadata: Encodable {
        var result: QuoteRunResult

        typealias Keys = QuoteRunResult.CodingKeys

        enum DerivedKeys: String, CodingKey { case summary }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(result.runId, forKey: .runId)
            try container.encode(result.startedAt, forKey: .startedAt)
            try container.encode(result.finishedAt, forKey: .finishedAt)
            try container.encode(result.reportCurrency, forKey: .reportCurrency)
            try container.encode(result.policy, forKey: .policy)
            try container.encodeIfPresent(result.rates, forKey: .rates)
            try container.encodeIfPresent(result.blackhailVersion, forKey: .blackhailVersion)
            try container.encode(result.inputs, forKey: .inputs)
            try container.encode(result.sellers, forKey: .sellers)
            try container.encode(result.sites, forKey: .sites)
            try container.encode(result.warnings, forKey: .warnings)
            var derived = encoder.container(keyedBy: DerivedKeys.self)
            try derived.encode(RunSummary(result), forKey: .summary)
        }
    }
}
