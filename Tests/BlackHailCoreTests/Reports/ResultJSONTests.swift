import Foundation
import JSONCore
import MEF139
import TestSupport
import Testing

@testable import BlackHailCore

@Suite struct ResultJSONTests {
    @Test func theJSONValidatesAgainstTheRepositorysSchema() throws {
        #expect(
            try PayloadValidator(schemaRoot: StrictSchemas.published).unknownKeywords.isEmpty,
            "a schema keyword nobody checks")
        let json = try ResultJSON.encode(ReportFixtures.result())
        let issues = try ReportSchemas.issues(try JSONValue(parsing: json), schema: "quote-result.schema.json")
        #expect(issues.isEmpty, "\(issues)")
    }

    @Test(arguments: [
        ("/schemaVersion", JSONValue.integer(2)),
        ("/offers/0/monthlyRecurring", .string("500 USD")),
        ("/outcomes/0/status", .string("maybe")),
        ("/startedAt", .string("yesterday")),
        ("/inputs/0/sha256", .string("not-a-hash")),
    ])
    func theSchemaRejectsWhatTheFormatIsNot(pointer: String, value: JSONValue) throws {
        var document = try JSONValue(parsing: ResultJSON.encode(ReportFixtures.result()))
        try Self.set(&document, at: pointer.split(separator: "/").map(String.init), to: value)
        let issues = try ReportSchemas.issues(document, schema: "quote-result.schema.json")
        #expect(!issues.isEmpty, "\(pointer) = \(value) passed the schema")
    }

    @Test func anUndocumentedFieldFailsTheSchema() throws {
        guard case .object(var document) = try JSONValue(parsing: ResultJSON.encode(ReportFixtures.result())) else {
            throw SchemaTestError.notAnObject
        }
        document["surprise"] = .bool(true)
        #expect(!(try ReportSchemas.issues(.object(document), schema: "quote-result.schema.json")).isEmpty)
    }

    /// The README promises new fields without a schema version bump: a reader validating a later version's output
    /// with the published schema accepts them, at the top and deep inside.
    @Test func thePublishedSchemaAcceptsFieldsALaterVersionAdds() throws {
        var document = try JSONValue(parsing: ResultJSON.encode(ReportFixtures.result()))
        try Self.set(&document, at: ["surprise"], to: .bool(true))
        try Self.set(&document, at: ["offers", "0", "surprise"], to: .string("new"))
        #expect(try StrictSchemas.publishedIssues(document, schema: "quote-result.schema.json").isEmpty)
        #expect(!(try ReportSchemas.issues(document, schema: "quote-result.schema.json")).isEmpty)
    }

    @Test func encodingIsStableAcrossASaveAndLoad() throws {
        let result = ReportFixtures.result()
        let json = try ResultJSON.encode(result)
        let saved = try ResultJSON.saved(result)
        #expect(try ResultJSON.encode(saved) == json)
        #expect(try ResultJSON.saved(saved) == saved)
        // Exact decimals survive: a third of 1,000 is not turned into a binary fraction.
        #expect(saved.offers.first { $0.quoteItemId == "i1" }?.monthlyRecurring.amount == Decimal(1000) / 3)
        // What the JSON does not hold (sub-millisecond time) is the only difference.
        #expect(saved.startedAt != result.startedAt)
        #expect(abs(saved.startedAt.timeIntervalSince(result.startedAt)) < 0.001)
    }

    @Test func offersCarryTheirIdAndTheDocumentItsVersionAndSummary() throws {
        let document = try JSONValue(parsing: ResultJSON.encode(ReportFixtures.result()))
        #expect(document["schemaVersion"] == .integer(1))
        #expect(document["offers"]?[0]?["id"] == .string("US-1|evil|i3"))
        #expect(document["summary"]?["coveredSites"] == .integer(1))
        #expect(document["summary"]?["uncoveredSites"] == .array([.string("DE-1"), .string("FR-1")]))
        #expect(document["summary"]?["completeness"] == .string("partial"))
        #expect(document["summary"]?["failedSellers"] == .array([.string("down")]))
        #expect(document["startedAt"] == .string("2026-11-18T11:06:40.123Z"))
    }

    @Test func datesAreUTCToTheMillisecond() {
        #expect(ResultJSON.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(ResultJSON.format(Date(timeIntervalSince1970: 1.0006)) == "1970-01-01T00:00:01.001Z")
        #expect(ResultJSON.format(Date(timeIntervalSince1970: 59.9996)) == "1970-01-01T00:01:00.000Z")
        #expect(ResultJSON.parse("2026-11-29T08:26:57.123Z") == Date(timeIntervalSince1970: 1_795_940_817.123))
        #expect(ResultJSON.parse("2026-11-29T08:26:57Z") == Date(timeIntervalSince1970: 1_795_940_817))
        #expect(ResultJSON.parse("2026-11-29T09:26:57+01:00") == Date(timeIntervalSince1970: 1_795_940_817))
        #expect(ResultJSON.parse("soon") == nil)
    }

    /// `format(_:)` computes the calendar itself for the years 1970 to 9999: it writes what Foundation's ISO 8601
    /// style does.
    @Test func datesAreFormattedAsFoundationFormatsThem() {
        func foundation(_ date: Date) -> String {
            let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
            let seconds = (milliseconds / 1000).rounded(.down)
            let digits = String(Int(milliseconds - seconds * 1000))
            let whole = Date(timeIntervalSince1970: seconds).formatted(.iso8601)
            return whole.dropLast() + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
        }
        var dates = [
            0, 0.000_4, 0.000_5, 59.999_6, 951_782_400, 951_868_799.999, 4_107_542_400, 253_402_300_799.999,
            253_402_300_799.999_6, 253_402_300_800, -0.000_4, -1, -86_400.5, -12_219_292_800, 1e12,
        ].map(Date.init(timeIntervalSince1970:))
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            dates.append(Date(timeIntervalSince1970: Double.random(in: -1e10...2.6e11, using: &random)))
            dates.append(Date(timeIntervalSince1970: Double(Int.random(in: 0...4_000_000_000, using: &random))))
        }
        for date in dates {
            #expect(ResultJSON.format(date) == foundation(date), "\(date.timeIntervalSince1970)")
        }
        #expect(ResultJSON.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
        #expect(ResultJSON.format(Date(timeIntervalSince1970: 253_402_300_799.999)) == "9999-12-31T23:59:59.999Z")
    }

    @Test(arguments: [
        ("[1, 2]", ResultJSONError.noSchemaVersion),
        ("{\"runId\": \"x\"}", .noSchemaVersion),
        ("{\"schemaVersion\": 2}", .unsupportedSchemaVersion(2)),
        ("{\"schemaVersion\": 0}", .unsupportedSchemaVersion(0)),
    ])
    func aFileThatIsNotAResultThisVersionReadsIsRefused(text: String, expected: ResultJSONError) {
        #expect(throws: expected) { try ResultJSON.decode(Data(text.utf8)) }
    }

    @Test func brokenFilesSayWhatIsWrong() {
        #expect {
            try ResultJSON.decode(Data("{\"schemaVersion\": 1, \"runId\": ".utf8))
        } throws: { error in
            guard case .notJSON = error as? ResultJSONError else { return false }
            return true
        }
        #expect {
            try ResultJSON.decode(Data("{\"schemaVersion\": 1, \"runId\": \"x\"}".utf8))
        } throws: { error in
            "\(error)".contains("startedAt") && "\(error)".contains("missing")
        }
    }

    /// Replaces the value at a JSON pointer's path.
    static func set(_ value: inout JSONValue, at path: [String], to replacement: JSONValue) throws {
        guard let key = path.first else {
            value = replacement
            return
        }
        switch value {
        case .object(var object):
            var child = object[key] ?? .null
            try set(&child, at: Array(path.dropFirst()), to: replacement)
            object[key] = child
            value = .object(object)
        case .array(var array):
            guard let index = Int(key), array.indices.contains(index) else { throw SchemaTestError.notAnObject }
            try set(&array[index], at: Array(path.dropFirst()), to: replacement)
            value = .array(array)
        default:
            throw SchemaTestError.notAnObject
        }
    }
}
