import Foundation
import MEF139

extension SellerSession {
    /// Polls a deferred POQ or quote until its state is one of `finalStates`. Waits until the seller's expected
    /// completion date when it gave one, then backs off from 250 ms to 5 s between reads.
    func poll(
        _ api: SonataAPI, path: String, name: String, from first: JSONValue, expectedKey: String,
        finalStates: Set<String>
    ) async throws(SonataFailure) -> JSONValue {
        var current = first
        var delay = Duration.milliseconds(250)
        var reader = TolerantReader()
        while !finalStates.contains(reader.string(current["state"]) ?? "") {
            if let expected = reader.string(current[expectedKey]).flatMap(MEFDateTime.date(from:)) {
                let wait = min(max(expected.timeIntervalSince(now()), 0), 30)
                if wait > 0.25 { try await sleep(.milliseconds(Int64(wait * 1000))) } else { try await sleep(delay) }
            } else {
                try await sleep(delay)
            }
            delay = min(delay * 2, .seconds(5))
            let reply = try await client.send(SonataOperation(api, .get, path, name: name))
            guard reply.status == 200 else {
                throw .rejected(status: reply.status, reason: SellerSession.describe(reply))
            }
            current = reply.body
        }
        return current
    }

    private func sleep(_ duration: Duration) async throws(SonataFailure) {
        do { try await Task.sleep(for: duration) } catch { throw .cancelled }
    }
}
