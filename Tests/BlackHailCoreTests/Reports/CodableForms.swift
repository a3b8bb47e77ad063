import Foundation
import JSONCore
import TestSupport

@testable import BlackHailCore

/// The `Codable` forms of a result, which the writers (`ResultJSON+Writing.swift`, `NDJSONReport`) must give byte
/// for byte: what blackhail wrote before it had the writers.
enum CodableForms {
    /// The result document from a `JSONValue` tree of the result's `Encodable` form (refused for an amount a
    /// `Double` does not keep, which a tree cannot hold).
    static func document(_ result: QuoteRunResult) throws -> Data {
        Data(try tree(result).serializedBytes(pretty: true) + [UInt8(ascii: "\n")])
    }

    /// A value's `Encodable` form as a tree, keys sorted.
    static func tree(_ value: some Encodable) throws -> JSONValue {
        try JSONValueEncoder(sortedKeys: true, dateString: { ResultJSON.format($0) }).encode(value)
    }

    /// Foundation's encoder as blackhail set it up for results: sorted keys, slashes as they are, result dates.
    static func foundationEncoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if pretty { encoder.outputFormatting.insert(.prettyPrinted) }
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ResultJSON.format(date))
        }
        return encoder
    }

    /// The NDJSON lines of a result as Foundation's encoder wrote them (`NDJSONReport.render`'s order).
    static func ndjson(_ result: QuoteRunResult) throws -> String {
        let encoder = foundationEncoder()
        func line(_ type: NDJSONReport.LineType, _ record: some Encodable) throws -> String {
            String(decoding: try encoder.encode(Line(type: type, record: record)), as: UTF8.self) + "\n"
        }
        var text = ""
        for seller in result.sellers {
            for outcome in result.outcomes where outcome.sellerId == seller.id { text += try line(.outcome, outcome) }
            for offer in result.offers where offer.sellerId == seller.id {
                text += try line(.offer, IdentifiedOffer(offer))
            }
        }
        for ranking in result.rankings { text += try line(.ranking, ranking) }
        for pair in result.pairs { text += try line(.pair, pair) }
        return text + (try line(.run, RunMetadata(result: result)))
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private struct Line<Record: Encodable>: Encodable {
        var type: NDJSONReport.LineType
        var record: Record

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: AnyKey.self)
            try container.encode(type.rawValue, forKey: AnyKey(stringValue: "type"))
            try container.encode(QuoteRunResult.currentSchemaVersion, forKey: AnyKey(stringValue: "schemaVersion"))
            try container.encode(record, forKey: AnyKey(stringValue: type.rawValue))
        }
    }

    /// The run line's record: the document without outcomes, offers, rankings, pairs and schema version.
    private struct RunMetadata: Encodable {
        var result: QuoteRunResult

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: QuoteRunResult.CodingKeys.self)
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
            var derived = encoder.container(keyedBy: AnyKey.self)
            try derived.encode(RunSummary(result), forKey: AnyKey(stringValue: "summary"))
        }
    }
}
