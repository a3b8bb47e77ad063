import Foundation
import JSONCore
import Logging
import MEF139
import Synchronization
import TestSupport
import Testing

@testable import BlackHailCore

/// Polling a POQ or quote stops after the seller's `limits.maxPollMinutes`, whatever state the seller reports;
/// the clock moves with the waits, nothing is waited.
@Suite struct PollingLimitTests {
    static func session(
        _ transport: ScriptedTransport, maxPollMinutes: Double, clock: ManualClock
    ) -> SellerSession {
        var profile = SonataClientTests.profile()
        profile.limits.maxPollMinutes = maxPollMinutes
        let client = SonataClient(
            profile: profile, transport: transport, globalLimit: ConcurrencyLimit(4), environment: [:],
            logger: Logger(label: "test"),
            sleeper: Sleeper {
                clock.advance(by: Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18)
            })
        return SellerSession(
            client: client, plan: QuotePlan(sites: [], validator: nil), runId: "run", logger: Logger(label: "test"),
            now: clock.read)
    }

    @Test(arguments: ["inProgress", "somethingNew", ""])
    func aPOQThatNeverEndsIsPendingAfterTheLimit(_ state: String) async throws {
        let clock = ManualClock()
        let transport = DeferredPollingTests.seller(
            created: ["id": "poq-1", "state": "acknowledged"], readings: [["id": "poq-1", "state": .string(state)]])
        let session = Self.session(transport, maxPollMinutes: 2, clock: clock)
        let started = clock.now
        await #expect {
            _ = try await session.createAndAwait(
                .createProductOfferingQualification, body: { DeferredPollingTests.body },
                retrieve: .retrieveProductOfferingQualification, expectedKey: "expectedPOQCompletionDate",
                finalStates: POQState.finalStates)
        } throws: { error in
            guard case SonataFailure.stillPending(let id, _, let minutes) = error else { return false }
            return id == "poq-1" && minutes == 2 && "\(error)".hasPrefix(SonataFailure.pendingMarker)
        }
        // Stopped at the limit, give or take one backoff (at most 5 s), not later.
        let waited = clock.now.timeIntervalSince(started)
        #expect(waited >= 120 && waited < 126, "\(waited) s")
        #expect(transport.log.requests.count < 40)
    }

    @Test func theLimitComesFromTheProfileWithASaneDefault() throws {
        #expect(SellerLimits().maxPollMinutes == 30)
        #expect(SellerLimits(maxPollMinutes: .nan).maxPollSeconds == 30 * 60)
        #expect(SellerLimits(maxPollMinutes: .infinity).maxPollSeconds == 10_080 * 60)
        #expect(SellerLimits(maxPollMinutes: 0).problems.contains { $0.contains("limits.maxPollMinutes") })
        #expect(SellerLimits(maxPollMinutes: .nan).problems.contains { $0.contains("limits.maxPollMinutes") })
        #expect(SellerLimits(maxPollMinutes: 90).problems.isEmpty)
    }
}
