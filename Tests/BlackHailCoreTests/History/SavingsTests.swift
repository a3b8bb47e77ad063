import Foundation
import JSONCore
import Testing

@testable import BlackHailCore

/// The site list's `current_` columns and what the winners save against them: read with positions for bad values,
/// compared on the effective monthly basis in the report currency, summed, explained and written.
@Suite struct SavingsTests {
    static let header = SiteListTestSupport.header + ",current_mrc,current_nrc,current_currency,current_seller"

    @Test func theCurrentServiceIsRead() throws {
        let site = try #require(
            try SiteListTestSupport.sites("\(Self.header)\nS1,Main,Berlin,DE,100,420.50,300,eur,Spree Net\n").first)
        #expect(
            site.incumbent
                == Incumbent(
                    monthlyRecurring: Money(Decimal(string: "420.50")!, "EUR"), nonRecurring: Money(300, "EUR"),
                    sellerName: "Spree Net"))
        let without = try #require(try SiteListTestSupport.sites("\(Self.header)\nS1,Main,Berlin,DE,100,,,,\n").first)
        #expect(without.incumbent == nil)
    }

    static let problemCases: [ProblemCase] = [
        ProblemCase(
            "a negative amount", "\(header)\nS1,Main,Berlin,DE,100,-5,,USD,\n",
            SiteListProblem(
                file: "sites.csv", line: 2, column: 23, columnName: "current_mrc",
                message:
                    "\"-5\" is not an amount: write digits with at most 4 decimals after a dot, such as 1250 or 99.95")
        ),
        ProblemCase(
            "an unknown currency", "\(header)\nS1,Main,Berlin,DE,100,420,,XYZ,\n",
            SiteListProblem(
                file: "sites.csv", line: 2, column: 28, columnName: "current_currency",
                message: "\"XYZ\" is not an ISO 4217 currency code such as USD, EUR or GBP")
        ),
        ProblemCase(
            "a monthly charge without its currency", "\(header)\nS1,Main,Berlin,DE,100,420,,,\n",
            SiteListProblem(
                file: "sites.csv", line: 2, column: 28, columnName: "current_currency",
                message: "a value is required when current_mrc is given")
        ),
        ProblemCase(
            "a one-off charge without a monthly one", "\(header)\nS1,Main,Berlin,DE,100,,50,USD,\n",
            SiteListProblem(
                file: "sites.csv", line: 2, column: 24, columnName: "current_nrc",
                message: "only applies with current_mrc, the current service's monthly charge"),
            SiteListProblem(
                file: "sites.csv", line: 2, column: 27, columnName: "current_currency",
                message: "only applies with current_mrc, the current service's monthly charge")
        ),
    ]

    @Test(arguments: problemCases)
    func badValuesAreReportedWhereTheyAre(_ testCase: ProblemCase) {
        #expect(SiteListTestSupport.problems(testCase.csv) == testCase.expected)
    }

    /// Three sites with a current service: one cheaper now (USD), one dearer (EUR, converted), one without a winner.
    static func result() -> QuoteRunResult {
        let sites = [
            QuoteRunResult.SiteSummary(
                id: "A", country: "US", product: "basic",
                incumbent: Incumbent(
                    monthlyRecurring: Money(500, "USD"), nonRecurring: Money(360, "USD"), sellerName: "Old Co")),
            QuoteRunResult.SiteSummary(
                id: "B", country: "DE", product: "basic",
                incumbent: Incumbent(monthlyRecurring: Money(300, "EUR"))),
            QuoteRunResult.SiteSummary(
                id: "C", country: "US", product: "basic", incumbent: Incumbent(monthlyRecurring: Money(100, "USD"))),
            QuoteRunResult.SiteSummary(id: "D", country: "US", product: "basic"),
        ]
        let offers = [
            // 400 a month and 720 one-off over 36 months: 420 a month effective.
            RunComparisonTests.offer("A", "north", 400, oneOff: 720),
            RunComparisonTests.offer("B", "north", 350),
            RunComparisonTests.offer("D", "north", 100),
        ]
        let rates = CurrencyRates(base: "USD", rates: ["EUR": 1.1])
        let ranked = ResultRanker(policy: .standard, reportCurrency: "USD", rates: rates, sellerDiversity: [:])
            .rank(offers, sites: sites, pairSites: [])
        return QuoteRunResult(
            runId: "savings", startedAt: Date(timeIntervalSince1970: 1_795_000_000),
            finishedAt: Date(timeIntervalSince1970: 1_795_000_010), reportCurrency: "USD", sellers: [], sites: sites,
            outcomes: [], offers: ranked.offers, rankings: ranked.rankings, pairs: [], warnings: ranked.warnings,
            rates: rates)
    }

    @Test func savingsCompareEffectiveMonthlyCostsAndAddUp() throws {
        let savings = try #require(Self.result().savings)
        #expect(savings.sites.map(\.siteId) == ["A", "B"])
        #expect(savings.sitesNotCompared == ["C"], "C has no winner")
        let siteA = savings.sites[0]
        // 500 a month and 360 one-off spread over the winner's 36 months: 510.
        #expect((siteA.current, siteA.winner, siteA.saving) == (510, 420, 90))
        let siteB = savings.sites[1]
        #expect((siteB.current, siteB.winner, siteB.saving) == (330, 350, -20), "300 EUR at 1.1")
        #expect(savings.current == 840)
        #expect(savings.winners == 770)
        #expect(savings.saving == 70)
        #expect(savings.saving == savings.sites.reduce(0) { $0 + $1.saving })
        #expect(savings.percent == 8.3)
    }

    @Test func theRankingExplanationSaysWhatTheWinnerSaves() throws {
        let result = Self.result()
        #expect(
            result.ranking(siteId: "A")?.explanation.hasSuffix(
                "against the current service (Old Co, 510.00 USD a month effective) it saves 90.00 USD a month (17.6%)")
                == true)
        #expect(
            result.ranking(siteId: "B")?.explanation.hasSuffix(
                "against the current service (330.00 USD a month effective) it costs 20.00 USD a month more (6.1%)")
                == true)
        #expect(result.ranking(siteId: "D")?.explanation.contains("current service") == false)
    }

    @Test(arguments: [ReportFormat.table, .markdown, .html])
    func everyReportShowsTheTotalSaving(format: ReportFormat) throws {
        let text = try format.render(Self.result())
        #expect(text.contains("Savings: 70.00 USD a month effective (8.3%) against the current services of 2 sites"))
    }

    @Test func theTableShowsTheSavingPerSite() throws {
        let text = TableReport(result: Self.result()).render()
        #expect(text.contains("  saving: against the current service (Old Co, 510.00 USD a month effective)"))
    }

    @Test func theJSONCarriesTheSavingsAndFollowsItsSchema() throws {
        let result = Self.result()
        let document = try JSONValue(parsing: try ResultJSON.encode(result))
        let issues = try ReportSchemas.issues(document, schema: "quote-result.schema.json")
        #expect(issues.isEmpty, "\(issues)")
        #expect(document["summary"]?["savings"]?["saving"] == .integer(70))
        #expect(document["sites"]?[0]?["incumbent"]?["sellerName"]?.stringValue == "Old Co")
        let again = try ResultJSON.decode(Data(ResultJSON.encode(result).utf8))
        #expect(again.sites == result.sites, "the current service reads back")
    }
}
