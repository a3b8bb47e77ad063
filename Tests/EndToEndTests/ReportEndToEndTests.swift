import BlackHailCore
import Foundation
import JSONCore
import MEF139
import SellerEmulator
import Synchronization
import TestSupport
import Testing

/// The reports of a real run over HTTP against the emulator: re-rendered from the saved JSON they are the same
/// bytes, streamed NDJSON carries every outcome and offer, and a seller whose name is markup and a formula comes
/// out inert.
@Suite struct ReportEndToEndTests {
    static let hostileName = "=cmd|' /C calc'!A0 <script>alert(\"x\")</script> & \"Partners\""

    /// Northwind under a hostile name, Atlas as itself; the US basic sites.
    static func run() async throws -> (QuoteRunResult, [SellerRunResult]) {
        var hostile = try TestEnvironment.quietSeller("northwind") { $0.uncertainShare = 0 }
        hostile.name = hostileName
        let atlas = try TestEnvironment.quietSeller("atlas") { $0.uncertainShare = 0 }
        let sites = try TestEnvironment.exampleSites().filter { $0.address.country == "US" && $0.product == .basic }
        let finished = Mutex<[SellerRunResult]>([])
        var options = QuoteRunner.Options()
        options.rates = QuoteRunTests.rates
        options.retry = QuoteRunTests.fastRetries
        options.validator = try PayloadValidator.bundled()
        let runOptions = options
        let profiles = [hostile, atlas]
        let result = try await SellerEmulator(profiles: profiles).run { running in
            let served = Dictionary(uniqueKeysWithValues: running.resolvedProfiles.map { ($0.id, $0) })
            return try await QuoteRunner(
                profiles: profiles.map { served[$0.id] ?? $0 }, sites: sites, options: runOptions
            ).run(sellerFinished: { seller in finished.withLock { $0.append(seller) } })
        }
        return (result, finished.withLock { $0 })
    }

    @Test func reportsReRenderedFromTheSavedJSONAreByteIdenticalAndSellerStringsInert() async throws {
        let (result, _) = try await Self.run()
        #expect(result.offers.contains { $0.sellerName == Self.hostileName })
        let atQuoteTime = try ResultJSON.saved(result)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("blackhail-result-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(ResultJSON.encode(atQuoteTime).utf8).write(to: file)
        let reloaded = try ResultJSON.decode(Data(contentsOf: file))
        for format in [ReportFormat.html, .markdown, .csv, .json, .table] {
            let before = try format.render(atQuoteTime, explain: true)
            let after = try format.render(reloaded, explain: true)
            #expect(before == after, "\(format) differs after a save and load")
        }

        let html = HTMLReport(result: reloaded).render()
        let htmlIsInert = !html.contains("<script") && !html.contains(Self.hostileName)
        #expect(htmlIsInert)
        let escapedName =
            "=cmd|&#39; /C calc&#39;!A0 &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Partners&quot;"
        #expect(html.components(separatedBy: escapedName).count > 2, "the name appears, escaped")

        let csv = CSVReport(result: reloaded).render()
        let names = CSVReader.records(in: Array(csv.utf8)).dropFirst().map { $0.fields[3].value }
        #expect(names.contains("'" + Self.hostileName))
        #expect(!names.contains { $0.hasPrefix("=") })
    }

    @Test func theStreamedLinesCarryEveryOutcomeAndOfferAndEachParsesAlone() async throws {
        let (result, finished) = try await Self.run()
        #expect(Set(finished.map(\.sellerId)) == Set(result.sellers.map(\.id)))
        var streamed = ""
        for seller in finished {
            streamed += try NDJSONReport.sellerLines(outcomes: seller.outcomes, offers: seller.offers)
        }
        let saved = try ResultJSON.saved(result)
        streamed += try NDJSONReport.closingLines(saved)
        let lines = streamed.split(separator: "\n")
        for line in lines {
            let value = try JSONValue(parsing: String(line))
            #expect(value["type"]?.stringValue != nil, "\(line)")
        }
        // The same lines as a whole-result rendering, whatever order the sellers finished in.
        let whole = try NDJSONReport.render(saved).split(separator: "\n")
        #expect(lines.sorted() == whole.sorted())
        #expect(lines.last?.contains("\"type\":\"run\"") == true)
        let offers = lines.filter { $0.contains("\"type\":\"offer\"") }.count
        #expect(offers == result.offers.count && offers > 0)
    }
}
