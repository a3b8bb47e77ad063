import Foundation
import JSONCore
import Testing

@testable import BlackHailCore

/// Which earlier qualifications a refresh quotes on (`QualificationReuse`), from made-up journal exchanges: only
/// what the seller answered green or yellow, guaranteed past a day from now, for the same offering and
/// configuration.
@Suite struct QualificationReuseTests {
    static let siteList = Data(
        "site_id,street_name,city,country,bandwidth_mbps\nA,Main,Springfield,US,100\nB,Elm,Springfield,US,100\n".utf8)
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func line(_ site: String) throws -> PlanLine {
        let sites = try SiteListReader.parse(siteList, sourceName: "sites.csv").sites
        return try #require(QuotePlan(sites: sites, validator: nil).lines.first { $0.site.id == site })
    }

    /// A POQ create for `line` at seller `s1`: asked for `offering`, answered `state` and `confidence`, guaranteed
    /// until `until`.
    static func exchange(
        _ line: PlanLine, offering: String = "IA-1", state: String = "done.ready", confidence: String? = "green",
        until: Date?, status: Int = 201
    ) -> ExchangeRecord {
        let asked: [JSONValue] = line.components.map { component in
            [
                "id": .string(component.itemId), "action": "add",
                "product": [
                    "productOffering": ["id": .string(offering)], "productConfiguration": component.configuration,
                ],
            ]
        }
        let answered: [JSONValue] = asked.map { item in
            guard case .object(var object) = item else { return item }
            object["state"] = .string(state)
            object["serviceabilityConfidence"] = confidence.map(JSONValue.string)
            object["installationInterval"] = ["amount": 10, "units": "calendarDays"]
            object["guaranteedUntilDate"] = until.map { .string(MEFDateTime.string(from: $0)) }
            return .object(object)
        }
        let request: JSONValue = ["productOfferingQualificationItem": .array(asked)]
        let response: JSONValue = [
            "id": "poq-1", "state": .string(state), "productOfferingQualificationItem": .array(answered),
        ]
        return ExchangeRecord(
            sellerId: "s1", operation: "createProductOfferingQualification", method: "POST", url: "", target: "",
            requestHeaders: "", requestBody: JournalBody(bytes: request.serializedBytes()), status: status,
            responseHeaders: "", responseBody: JournalBody(bytes: response.serializedBytes()), failure: nil,
            startedAt: now, durationMs: 1, attempt: 1, isFinal: true)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var exchange: @Sendable (PlanLine) -> ExchangeRecord
        var reused: Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "green, 30 days left", exchange: { exchange($0, until: now.addingTimeInterval(30 * 86_400)) },
            reused: true),
        Case(
            name: "yellow, 2 days left",
            exchange: { exchange($0, confidence: "yellow", until: now.addingTimeInterval(2 * 86_400)) }, reused: true),
        Case(name: "no guarantee given", exchange: { exchange($0, until: nil) }, reused: false),
        Case(
            name: "guaranteed for an hour more", exchange: { exchange($0, until: now.addingTimeInterval(3_600)) },
            reused: false),
        Case(name: "lapsed", exchange: { exchange($0, until: now.addingTimeInterval(-86_400)) }, reused: false),
        Case(
            name: "red", exchange: { exchange($0, confidence: "red", until: now.addingTimeInterval(30 * 86_400)) },
            reused: false),
        Case(
            name: "terminated",
            exchange: { exchange($0, state: "terminatedWithError", confidence: nil, until: nil) }, reused: false),
        Case(
            name: "another offering",
            exchange: { exchange($0, offering: "IA-2", until: now.addingTimeInterval(30 * 86_400)) }, reused: false),
        Case(
            name: "refused", exchange: { exchange($0, until: now.addingTimeInterval(30 * 86_400), status: 400) },
            reused: false),
    ]

    @Test(arguments: cases) func aQualificationIsReusedOnlyWhileTheSellerGuaranteesIt(_ example: Case) throws {
        let line = try Self.line("A")
        let reuse = QualificationReuse(runId: "old", exchanges: [example.exchange(line)], siteIds: ["A", "B"])
        let found = reuse.reusable(line, sellerId: "s1", offeringId: "IA-1", now: Self.now)
        #expect((found != nil) == example.reused)
        if example.reused { #expect(found?.poqId == "poq-1") }
    }

    @Test func onlyTheSameSellerSiteAndConfigurationReuse() throws {
        let line = try Self.line("A")
        let exchange = Self.exchange(line, until: Self.now.addingTimeInterval(30 * 86_400))
        let reuse = QualificationReuse(runId: "old", exchanges: [exchange], siteIds: ["A"])
        #expect(reuse.count == line.components.count)
        #expect(reuse.reusable(line, sellerId: "s2", offeringId: "IA-1", now: Self.now) == nil, "another seller")
        #expect(reuse.reusable(try Self.line("B"), sellerId: "s1", offeringId: "IA-1", now: Self.now) == nil)
        var components = line.components
        components[0].configuration = ["@type": "urn:something:else"]
        let changed = PlanLine(site: line.site, bandwidth: line.bandwidth, itemId: line.itemId, components: components)
        #expect(reuse.reusable(changed, sellerId: "s1", offeringId: "IA-1", now: Self.now) == nil, "another ask")
        // Sites the refresh does not quote are not kept.
        #expect(QualificationReuse(runId: "old", exchanges: [exchange], siteIds: ["B"]).count == 0)
    }
}
