import Foundation
import JSONCore
import MEF139
import PropertyBased
import TestSupport
import Testing

@testable import BlackHailCore

/// Numbers a seller sends are hostile input: whatever they are, the normaliser, the ranker and every renderer
/// neither trap nor emit a non-finite number, and every offer is either sound or excluded with a reason.
@Suite struct HostileNumbersTests {
    /// JSON number texts no real offer has, and a few it may.
    static let numbers = [
        "1e999", "-1e999", "-5", "0", "-0", "1e308", "123456789012345678901234567890", "9223372036854775807",
        "-9223372036854775808", "0.000001", "99.95", "36", "12", "500", "100.5", "1e15", "3650", "3651",
    ]

    /// A quote item for New York, 100 Mbps, 36 months, with the given texts in every numeric field.
    static func quote(
        price: String, oneOff: String, term: String, interval: String, uptime: String, bandwidth: String
    ) throws -> JSONValue {
        try JSONValue(
            parsing: """
                {"id":"Q1","state":"approved.orderable","quoteLevel":"firm",
                 "validFor":{"endDateTime":"2099-01-01T00:00:00Z"},
                 "quoteItem":[{"id":"NYC~1~36m","state":"approved.orderable",
                   "quoteItemPrice":[
                     {"priceType":"recurring","recurringChargePeriod":"month",
                      "price":{"dutyFreeAmount":{"unit":"USD","value":\(price)}}},
                     {"priceType":"nonRecurring","price":{"dutyFreeAmount":{"unit":"USD","value":\(oneOff)}}}],
                   "quoteItemTerm":[{"duration":{"amount":\(term),"units":"calendarMonths"}}],
                   "quoteItemInstallationInterval":{"amount":\(interval),"units":"calendarDays"},
                   "product":{"productConfiguration":{
                     "@type":"urn:mef:lso:spec:sonata:basic-internet-access:v1.0.0:all",
                     "ipvc":{"serviceLevelSpecification":[{"serviceUptime":[{"serviceUptimeObjective":\(uptime)}]}]},
                     "ipUni":{"egressBandwidthProfileEnvelope":[{"maxIr":{"irValue":\(bandwidth),"irUnits":"MBPS"}}],
                              "ingressBandwidthProfileEnvelope":[{"maxIr":{"irValue":\(bandwidth),"irUnits":"MBPS"}}]}}}}]}
                """)
    }

    static func request() throws -> QuoteItemRequest {
        let site = Site(
            id: "NYC", address: SiteAddress(streetName: "Fifth", city: "New York", country: "US"),
            bandwidths: [Bandwidth(downstream: 100_000_000, upstream: 100_000_000)], sourceLine: 2)
        let line = try #require(QuotePlan(sites: [site], validator: nil).lines.first)
        let qualified = QualifiedLine(
            line: line, batch: 0, place: .null, poqId: "P1", serviceable: true, confidence: "green",
            installationInterval: nil, alternates: [])
        return QuoteItemRequest(qualified: qualified, termMonths: 36, alternate: nil)
    }

    static func seller() throws -> SellerProfile { try TestEnvironment.quietSeller("northwind") }

    @Test func anyNumberASellerSendsGivesASoundOfferOrOneExcludedWithItsReason() async throws {
        let request = try Self.request()
        let normaliser = OfferNormaliser(seller: try Self.seller(), now: Date(), validator: nil)
        let number = Gen.element(of: Self.numbers).map { $0 ?? "0" }
        await propertyCheck(count: 300, input: number, number, number, number, number, number) {
            price, oneOff, term, interval, uptime, bandwidth in
            guard
                let quote = try? Self.quote(
                    price: price, oneOff: oneOff, term: term, interval: interval, uptime: uptime, bandwidth: bandwidth)
            else { return }
            guard case .success(let offer) = normaliser.offer(for: request, in: AnsweredQuote(quote)) else { return }
            let ranked = ResultRanker(policy: .standard, reportCurrency: "USD", rates: nil, sellerDiversity: [:])
                .rank([offer], sites: [request.line.site], pairSites: [request.line.site.id])
            let ranking = ranked.rankings[0]
            if offer.defects.isEmpty {
                #expect(OfferBounds.checked(offer) == offer, "a sound offer stays within the bounds")
            } else {
                #expect(!offer.orderable)
                #expect(ranking.ranked.isEmpty, "an implausible offer never ranks")
                #expect(ranking.excluded.first?.reason.hasPrefix("implausible answer: ") == true)
            }
            Self.expectFinite(Self.result(ranked, site: request.line.site))
        }
    }

    /// Every renderer on the result: nothing traps, and no output spells a non-finite number.
    static func expectFinite(_ result: QuoteRunResult) {
        var outputs = [
            TableReport(result: result, explain: true).render(), CSVReport(result: result).render(),
            HTMLReport(result: result).render(), MarkdownReport(result: result).render(),
        ]
        if let json = try? ResultJSON.encode(result) { outputs.append(json) } else { Issue.record("JSON failed") }
        for output in outputs {
            for word in ["NaN", "nan", "Infinity", "inf,", "inf\"", "-inf"] {
                #expect(!output.contains(word), "an output spells \(word)")
            }
        }
    }

    static func result(_ ranked: ResultRanker.Ranked, site: Site) -> QuoteRunResult {
        QuoteRunResult(
            runId: "20261203-080000-0000", startedAt: Date(timeIntervalSince1970: 1_795_000_000),
            finishedAt: Date(timeIntervalSince1970: 1_795_000_001), reportCurrency: "USD",
            sellers: [
                .init(
                    id: "northwind", name: "Northwind", emulated: true, answered: true, failedSites: 0,
                    requests: 1, retries: 0)
            ],
            sites: [.init(site)], outcomes: [], offers: ranked.offers, rankings: ranked.rankings, pairs: ranked.pairs,
            warnings: ranked.warnings)
    }

    @Test(arguments: [
        ("-5", "a recurring price of -5.0 is not a real price"),
        ("1e999", "a recurring price of infinity is not a real price"),
        ("\"12\"", "a recurring price line has no dutyFreeAmount value"),
    ])
    func aPriceNoOfferHasIsADefectNotABargain(_ price: String, _ defect: String) throws {
        let quote = try Self.quote(
            price: price, oneOff: "0", term: "36", interval: "20", uptime: "99.9", bandwidth: "100")
        let normaliser = OfferNormaliser(seller: try Self.seller(), now: Date(), validator: nil)
        guard case .success(let offer) = normaliser.offer(for: try Self.request(), in: AnsweredQuote(quote)) else {
            Issue.record("no offer")
            return
        }
        #expect(offer.defects == [defect])
        #expect(!offer.orderable)
        #expect(offer.converted == nil)
    }

    @Test(arguments: [
        ("term", "-12", "a term of -12 months is not a real contract term"),
        ("term", "0", "a term of 0 months is not a real contract term"),
        ("interval", "-3", "an installation interval of -3.0 days is not a real lead time"),
        (
            "interval", "9223372036854775807",
            "an installation interval of 9.223372036854776e+18 days is not a real lead time"
        ),
        ("uptime", "1e999", "an SLA uptime of infinity% is not a percentage"),
        ("uptime", "150", "an SLA uptime of 150.0% is not a percentage"),
        ("bandwidth", "-1", "a downstream bandwidth of 0 bit/s is not a real access"),
    ])
    func aValueNoOfferHasIsNamed(_ field: String, _ value: String, _ defect: String) throws {
        var fields = [
            "price": "100", "oneOff": "0", "term": "36", "interval": "20", "uptime": "99.9", "bandwidth": "100",
        ]
        fields[field] = value
        let quote = try Self.quote(
            price: fields["price"]!, oneOff: fields["oneOff"]!, term: fields["term"]!,
            interval: fields["interval"]!, uptime: fields["uptime"]!, bandwidth: fields["bandwidth"]!)
        let normaliser = OfferNormaliser(seller: try Self.seller(), now: Date(), validator: nil)
        guard case .success(let offer) = normaliser.offer(for: try Self.request(), in: AnsweredQuote(quote)) else {
            Issue.record("no offer")
            return
        }
        #expect(offer.defects.contains(defect), "\(offer.defects)")
        #expect(!offer.orderable)
    }

    /// A saved result edited by hand is held to the same bounds when read back.
    @Test func aSavedResultWithAbsurdNumbersReadsBackWithDefects() throws {
        var offer = RankerTests.offer("a", monthly: 100)
        offer.installDays = 1e300
        let json = try JSONEncoder().encode(offer)
        let decoded = try JSONDecoder().decode(Offer.self, from: json)
        #expect(decoded.installDays == nil)
        #expect(decoded.defects == ["an installation interval of 1e+300 days is not a real lead time"])
        #expect(!decoded.orderable)
    }
}
