import Foundation
import JSONCore
import Logging

/// How a create-and-wait ended.
enum DeferredOutcome {
    /// The resource reached a final state: its last reading.
    case completed(JSONValue)
    /// The create was answered with an error status (the reply says why).
    case refused(SonataReply)
}

extension SellerActivity {
    /// A POQ or quote ended: refused with its status, or answered to a final state.
    func finished(_ outcome: DeferredOutcome) {
        switch outcome {
        case .completed: finished(status: 200)
        case .refused(let reply): finished(status: reply.status)
        }
    }
}

extension SellerSession {
    /// Creates a POQ or quote and waits for it to reach one of `finalStates`, polling it when deferred. The create
    /// and each poll take one of the session's `slots`; the waits between them take none. `body` is built once the
    /// create has its slot (and again for a create sent anew after a resume).
    ///
    /// When resuming, a create answered before the interruption is not sent again: its recorded answer is read and
    /// polling goes on from there. Should the seller no longer know it (404; a demo seller forgets with its
    /// process), the create is sent again.
    func createAndAwait(
        _ create: SonataEndpoint, body: () -> SplicedBody, retrieve: SonataEndpoint, expectedKey: String,
        finalStates: Set<String>
    ) async throws(SonataFailure) -> DeferredOutcome {
        while true {
            let reply = try await inSlot { () async throws(SonataFailure) in
                try await client.send(SonataOperation(create), body: body())
            }
            guard reply.status == 201 || reply.status == 200 else { return .refused(reply) }
            // An empty id would make the retrieve path the list's.
            guard let id = reply.body["id"]?.stringValue, !id.isEmpty else {
                throw .invalidResponse("\(create.name) answered without an id")
            }
            do {
                return .completed(
                    try await poll(
                        SonataOperation(retrieve, id: id), from: reply, expectedKey: expectedKey,
                        finalStates: finalStates))
            } catch {
                guard case .rejected(status: 404, _) = error, reply.replayed else { throw error }
                // The next recorded answer to this create, if an earlier resume made one, else a new one.
                logger.info(
                    "the seller no longer knows what it answered before the interruption; asking again",
                    metadata: ["seller.id": "\(profile.id)", "mef.operation": "\(create.name)", "id": "\(id)"])
            }
        }
    }

    /// Polls until the state is one of `finalStates`. Waits until the seller's expected completion date when it
    /// gave one, then backs off from 250 ms to 5 s between reads; answers replayed from the journal are read
    /// without waiting. Polling stops after the seller's `limits.maxPollMinutes` (an unknown or stuck state would
    /// otherwise be polled forever): the resource is `stillPending`.
    private func poll(
        _ retrieve: SonataOperation, from first: SonataReply, expectedKey: String, finalStates: Set<String>
    ) async throws(SonataFailure) -> JSONValue {
        var current = first
        var delay = Duration.milliseconds(250)
        var reader = TolerantReader()
        let started = now()
        let budget = profile.limits.maxPollSeconds
        var polling = false
        defer { if polling { activity?.polling(false) } }
        while !finalStates.contains(reader.string(current.body["state"]) ?? "") {
            if !polling {
                polling = true
                activity?.polling(true)
            }
            if !current.replayed {
                if now().timeIntervalSince(started) >= budget {
                    throw .stillPending(
                        id: first.body["id"]?.stringValue ?? "", state: reader.string(current.body["state"]) ?? "none",
                        minutes: budget / 60)
                }
                if let expected = reader.string(current.body[expectedKey]).flatMap(MEFDateTime.date(from:)) {
                    let wait = min(max(expected.timeIntervalSince(now()), 0), 30)
                    try await sleep(wait > 0.25 ? .milliseconds(Int64(wait * 1000)) : delay)
                } else {
                    try await sleep(delay)
                }
                delay = min(delay * 2, .seconds(5))
            }
            activity?.polled()
            current = try await inSlot { () async throws(SonataFailure) in try await client.send(retrieve) }
            guard current.status == 200 else {
                throw .rejected(status: current.status, reason: SellerSession.describe(current))
            }
        }
        return current.body
    }

    /// Runs `work` holding one of the session's `slots`.
    private func inSlot<Result>(
        _ work: () async throws(SonataFailure) -> Result
    ) async throws(SonataFailure) -> Result {
        do { try await slots.acquire() } catch { throw .cancelled }
        defer { slots.release() }
        return try await work()
    }

    private func sleep(_ duration: Duration) async throws(SonataFailure) {
        try await client.sleeper.sleep(for: duration)
    }
}
