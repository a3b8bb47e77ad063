import BlackHailCore
import Foundation
import JSONCore
import SellerEmulator
import TestSupport
import Testing

/// What a seller sends costs the buyer bounded memory, measured as the `blackhail quote` process's peak resident
/// set: answers swollen with millions of tiny values, and ids of tens of megabytes copied into every quote item.
@Suite struct HostileMemoryTests {
    /// The most a quote of a dozen sites may take whatever its sellers send: a debug build took 151-166 MiB alone
    /// and up to 315 MiB beside the whole suite on two cores (answers wait longer to be read and journaled, so more
    /// of them, each up to the answer bound, are held at once); without the bound on values per answer it took
    /// 634 MiB.
    static let peakBound = 400 * 1024 * 1024

    /// Atlas swells every answer with 4 MB of `0,` (two million values); Northwind pads its quote
    /// ids to 2 MB. Both take one item per request, so many such answers are in flight at once.
    static func sellers() throws -> [SellerProfile] {
        [
            try TestEnvironment.quietSeller("atlas") { $0.faults.chaos = SellerChaos(paddingBytes: 4_000_000) },
            try TestEnvironment.quietSeller("northwind") { $0.faults.chaos = SellerChaos(idLength: 2_000_000) },
        ]
    }

    @Test func answersOfAnySizeCostTheBuyerBoundedMemory() async throws {
        let emulator = SellerEmulator(profiles: try Self.sellers())
        try await emulator.run { running in
            let directory = try CommandLineTests.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let sellers = directory.appendingPathComponent("sellers")
            try FileManager.default.createDirectory(at: sellers, withIntermediateDirectories: true)
            for profile in running.profiles {
                let demo = try String(
                    contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("sellers/\(profile.id).yaml"),
                    encoding: .utf8)
                let real =
                    demo.components(separatedBy: "emulate:")[0]
                    .replacingOccurrences(
                        of: #"itemsPerRequest: \d+"#, with: "itemsPerRequest: 1", options: .regularExpression)
                    + "sonata: { baseURL: '\(running.baseURL(for: profile.id))' }\n"
                try real.write(
                    to: sellers.appendingPathComponent("\(profile.id).yaml"), atomically: true, encoding: .utf8)
            }
            let sites = directory.appendingPathComponent("sites.csv")
            let rows = (1...12).map { "NYC-\($0),\($0) Fifth Avenue,New York,NY,10118,US,100" }
            try (["site_id,street_name,city,state_or_province,postcode,country,bandwidth_mbps"] + rows)
                .joined(separator: "\n").write(to: sites, atomically: true, encoding: .utf8)
            let result = directory.appendingPathComponent("result.json")

            let measured = try await MeasuredCommand.run(
                [
                    "quote", sites.path, "--sellers", sellers.path, "--store",
                    directory.appendingPathComponent("store").path, "-q", "-o", "json", "--out", result.path,
                ], outputIn: directory)

            #expect([0, 2].contains(measured.run.status), "\(measured.run.stderr)")
            #expect(
                measured.peakResidentBytes < Self.peakBound,
                "peak RSS \(measured.peakResidentBytes / 1_048_576) MiB")
            let document = try JSONValue(parsing: try Data(contentsOf: result))
            let outcomes = document["outcomes"]?.arrayValue ?? []
            // Atlas's answers are refused for what they hold; the sites are its failures, not lost.
            let swollen = outcomes.filter { $0["sellerId"] == "atlas" }
            #expect(swollen.count == 12)
            for outcome in swollen {
                #expect(outcome["status"] == "failed")
                let reason = outcome["reason"]?.stringValue ?? ""
                #expect(reason.contains("more than \(SellerText.maximumAnswerValues) values"), "\(reason)")
            }
            // Northwind's offers stand, their ids cut to the bound with a visible mark.
            let offers = (document["offers"]?.arrayValue ?? []).filter { $0["sellerId"] == "northwind" }
            #expect(Set(offers.compactMap { $0["siteId"]?.stringValue }).count == 12)
            for offer in offers {
                let id = offer["quoteId"]?.stringValue ?? ""
                #expect(id.count <= SellerText.maximumIdLength)
                #expect(id.hasSuffix(SellerText.truncationMark))
            }
        }
    }
}
