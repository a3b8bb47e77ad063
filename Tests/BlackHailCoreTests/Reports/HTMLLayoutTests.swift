import Foundation
import JSONCore
import Testing

@testable import BlackHailCore

/// The HTML report with many sellers (issue 16): the matrix scrolls sideways inside its own box with the site
/// column held in place, and the page folds to one column at a laptop's half width; the sellers section shows the
/// run's latency and errors the result carries.
@Suite struct HTMLLayoutTests {
    /// The fixture result with `extra` more sellers, each not serviceable at every site.
    static func wide(_ extra: Int) -> QuoteRunResult {
        var result = ReportFixtures.result()
        for number in 1...extra {
            let id = String(format: "seller-%02d", number)
            result.sellers.append(
                .init(
                    id: id, name: "Regional Carrier \(number)", emulated: true, answered: true, failedSites: 0,
                    requests: 3, retries: 0))
            for site in result.sites {
                result.outcomes.append(.init(siteId: site.id, sellerId: id, status: .notServiceable))
            }
        }
        return result
    }

    /// The text between `start` and the first `end` after it.
    static func part(_ html: String, from start: String, to end: String) throws -> Substring {
        let from = try #require(html.range(of: start))
        let to = try #require(html.range(of: end, range: from.upperBound..<html.endIndex))
        return html[from.lowerBound..<to.upperBound]
    }

    static func count(_ text: some StringProtocol, _ needle: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test(arguments: [3, 24, 40]) func theMatrixScrollsInItsOwnBoxWithTheSiteColumnFirstInEveryRow(
        sellers: Int
    )
        throws
    {
        let result = Self.wide(sellers - 3 > 0 ? sellers - 3 : 1)
        let html = HTMLReport(result: result).render()
        let matrix = try Self.part(html, from: "<section id=\"matrix\">", to: "</section>")
        // The table sits alone in the scrolling box, so that only it scrolls, never the page.
        #expect(matrix.contains("<div class=\"scroll\"><table class=\"matrix\">"))
        #expect(matrix.contains("</table></div>"))
        let head = try Self.part(String(matrix), from: "<thead>", to: "</thead>")
        #expect(Self.count(head, "</th>") == result.sellers.count + 1 + (result.pairs.isEmpty ? 0 : 1))
        let body = try Self.part(String(matrix), from: "<tbody>", to: "</tbody>")
        let rows = body.components(separatedBy: "<tr>").dropFirst()
        #expect(rows.count == result.sites.count)
        for row in rows {
            // The site's header cell first (the sticky column), then one cell per seller.
            #expect(row.hasPrefix("<th>"))
            #expect(Self.count(row, "</th>") == 1)
            #expect(Self.count(row, "<td") == result.sellers.count + (result.pairs.isEmpty ? 0 : 1))
        }
    }

    @Test func theStyleHoldsTheSiteColumnAndFoldsNarrowPages() throws {
        let style = HTMLReport.style
        #expect(style.contains(".scroll{overflow-x:auto}"))
        // Sticky cells need a background of their own, or the prices scrolling under them show through.
        let sticky = try Self.part(style, from: ".matrix tbody th,.matrix thead th:first-child{", to: "}")
        #expect(sticky.contains("position:sticky") && sticky.contains("left:0") && sticky.contains("background:#fff"))
        #expect(style.contains(".matrix{border-collapse:separate;border-spacing:0}"), "collapsed borders scroll away")
        #expect(style.contains(".matrix thead th{white-space:normal;vertical-align:bottom;min-width:76px}"))
        let narrow = try Self.part(style, from: "@media (max-width:900px){", to: "}}")
        #expect(narrow.contains(".charts{grid-template-columns:minmax(0,1fr)}"), "charts one above the other")
        #expect(narrow.contains(".cards{grid-template-columns:repeat(2,1fr)}"))
        #expect(narrow.contains(".site{grid-template-columns:minmax(0,1fr)}"))
    }

    @Test func theSellersSectionShowsTheRunsLatencyAndErrorsWhenTheResultCarriesThem() throws {
        var result = ReportFixtures.result()
        #expect(!HTMLReport(result: result).render().contains("Latency and errors"), "a result without timings")
        result.summariseExchanges([])
        #expect(!HTMLReport(result: result).render().contains("Latency and errors"), "a run that sent nothing")
        let start = result.startedAt
        func timing(
            _ seller: String, _ operation: String, _ ms: Double, status: Int? = 201, attempt: Int = 1
        )
            -> ExchangeTiming
        {
            ExchangeTiming(
                runId: result.runId, sellerId: seller, operation: operation, status: status,
                failure: status == nil ? "timed out" : nil, startedAt: start, durationMs: ms, attempt: attempt)
        }
        result.summariseExchanges([
            timing("good", "createQuote", 40), timing("good", "createQuote", 60), timing("good", "createQuote", 500),
            timing("good", "createQuote", 80, status: 500), timing("good", "createQuote", 90, attempt: 2),
            timing("down", "createProductOfferingQualification", 30_000, status: nil),
            timing("evil", "createQuote", 10, status: 429),
            ExchangeTiming(
                runId: "another-run", sellerId: "good", operation: "createQuote", status: 201, failure: nil,
                startedAt: start, durationMs: 1, attempt: 1),
        ])
        let good = try #require(result.sellers.first { $0.id == "good" }?.operations?.first)
        #expect(good.requests == 5, "another run's attempt is not this run's")
        #expect(good.retries == 1)
        #expect(good.p50Ms == 80)
        #expect(good.p95Ms == 500)
        #expect(good.errors == 1)
        let html = HTMLReport(result: result).render()
        let section = try Self.part(html, from: "<h3>Latency and errors</h3>", to: "</table>")
        #expect(section.contains("<td>Good Fibre</td><td><code>createQuote</code></td><td class=\"num\">5</td>"))
        #expect(section.contains("<td class=\"num\">1 (20%)</td>"), "one error in five requests")
        #expect(section.contains("<td class=\"num\">1 (100%)</td>"), "the timeout, and the 429")

        // Carried in the result's JSON, and read back the same.
        let saved = try ResultJSON.saved(result)
        #expect(saved.sellers == result.sellers)
        let document = try JSONValue(parsing: ResultJSON.encode(result))
        #expect(try ReportSchemas.issues(document, schema: "quote-result.schema.json").isEmpty)
    }
}
