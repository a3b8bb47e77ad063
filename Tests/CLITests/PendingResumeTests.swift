import BlackHailCore
import Foundation
import MEF139
import SellerEmulator
import TestSupport
import Testing

/// A seller whose POQs stay `inProgress` past its `limits.maxPollMinutes`: the run ends (exit 2) with those sites
/// pending at the seller, and `quote --resume` polls them again once the seller has finished, without creating
/// them again.
@Suite(.serialized) struct PendingResumeTests {
    @Test func workStillPendingAtTheSellerIsPolledAgainOnResume() async throws {
        let stuck = try TestEnvironment.quietSeller("northwind") {
            $0.responses = .deferred
            $0.deferredSeconds = 0
            $0.faults.chaos = SellerChaos(neverFinish: true)
        }
        let emulator = SellerEmulator(profiles: [stuck])
        try await emulator.run { running in
            let directory = try ResumeTests.workspace(running)
            defer { try? FileManager.default.removeItem(at: directory) }
            let profile = directory.appendingPathComponent("sellers/northwind.yaml")
            let yaml = try String(contentsOf: profile, encoding: .utf8)
            try yaml.replacingOccurrences(of: "concurrency: 2", with: "concurrency: 2\n  maxPollMinutes: 0.005")
                .write(to: profile, atomically: true, encoding: .utf8)
            let store = directory.appendingPathComponent("store")
            let quote = ["quote", "--store", store.path, "-q", "-o", "json"]

            let first = try await LaunchedCommand(quote + ["sites.csv"], in: directory).finished()
            #expect(first.status == 2, "\(first.stderr)")
            let pending = try ResultJSON.decode(Data(first.stdout.utf8))
            #expect(pending.hasPendingAtSeller)
            #expect(pending.offers.isEmpty)
            let creates = running.statistics.requests(seller: "northwind")["createProductOfferingQualification"]

            // The seller finishes its work; the resumed run reads it instead of asking again.
            emulator.setFaults(FaultRates(), seller: "northwind")
            let resumed = try await LaunchedCommand(quote + ["--resume", pending.runId], in: directory).finished()
            #expect(resumed.status == 0 || resumed.status == 2, "\(resumed.stderr)")
            let result = try ResultJSON.decode(Data(resumed.stdout.utf8))
            #expect(!result.hasPendingAtSeller)
            #expect(!result.offers.isEmpty)
            #expect(running.statistics.requests(seller: "northwind")["createProductOfferingQualification"] == creates)

            // Nothing is pending any more: the run is finished for good.
            let again = try await LaunchedCommand(quote + ["--resume", pending.runId], in: directory).finished()
            #expect(again.status == 65)
        }
    }
}
