import JSONCore

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
        var lines = Lines()
        for outcome in outcomes { try lines.append(.outcome, outcome.write) }
        for offer in offers { try lines.append(.offer) { try IdentifiedOffer.write(offer, to: &$0) } }
        return lines.text
    }

    /// The lines that close a run: the rankings and diverse pairs, then the run's metadata.
    package static func closingLines(_ result: QuoteRunResult) throws -> String {
        var lines = Lines()
        for ranking in result.rankings { try lines.append(.ranking, ranking.write) }
        for pair in result.pairs { try lines.append(.pair, pair.write) }
        try lines.append(.run, RunMetadata(result: result).write)
        return lines.text
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

    package enum LineType: String {
        case outcome, offer, ranking, pair, run
    }

    /// Lines written by the result document's own writers (`ResultJSON+Writing.swift`), compact, with the numbers
    /// as lines have always had them (Foundation's style: `21` for an integral double, where the document has
    /// `21.0`), so that a stream reads the same as before the writer wrote it.
    private struct Lines {
        private var bytes: [UInt8] = []

        /// `{"<type>": record, "schemaVersion": n, "type": "<type>"}`: the keys in sorted order, as everywhere.
        mutating func append(_ type: LineType, _ record: (inout JSONWriter) throws -> Void) throws {
            var json = JSONWriter(numbers: .foundation, reservingCapacity: 1_536)
            json.beginObject()
            json.key(type.rawValue)
            try record(&json)
            json.member("schemaVersion", QuoteRunResult.currentSchemaVersion)
            json.member("type", type.rawValue)
            json.endObject()
            bytes += json.bytes
            bytes.append(UInt8(ascii: "\n"))
        }

        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// The run line: the JSON document without its outcomes, offers, rankings and pairs (they came as lines before)
    /// and without the schema version (the line has it).
    private struct RunMetadata: JSONWritable {
        var result: QuoteRunResult

        func write(to json: inout JSONWriter) throws {
            json.beginObject()
            json.member("blackhailVersion", ifPresent: result.blackhailVersion)
            json.member("finishedAt", ResultJSON.format(result.finishedAt))
            try json.member("inputs", result.inputs)
            try json.member("policy", result.policy)
            try json.member("rates", ifPresent: result.rates)
            json.member("reportCurrency", result.reportCurrency)
            json.member("runId", result.runId)
            try json.member("sellers", result.sellers)
            try json.member("sites", result.sites)
            json.member("startedAt", ResultJSON.format(result.startedAt))
            try json.member("summary", RunSummary(result))
            json.member("warnings", result.warnings)
            json.endObject()
        }
    }
}
