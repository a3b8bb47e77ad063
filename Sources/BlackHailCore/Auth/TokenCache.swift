import Foundation

/// An access token and when it stops being good.
package struct AccessToken: Sendable, Hashable {
    package var value: String
    package var obtainedAt: Date
    /// From the token response's `expires_in`; nil when the endpoint gave none (kept until refused).
    package var expiresAt: Date?

    package init(value: String, obtainedAt: Date, expiresAt: Date?) {
        self.value = value
        self.obtainedAt = obtainedAt
        self.expiresAt = expiresAt
    }
}

/// One seller's token for one run, shared by all its concurrent requests: fetched once (callers that arrive
/// while a fetch is under way wait for it instead of fetching too), refreshed shortly before it expires, and
/// dropped when the seller answers 401 to it.
package actor TokenCache {
    private enum State {
        case empty
        case fetching([CheckedContinuation<AccessToken, any Error>])
        case ready(AccessToken)
    }

    private var state = State.empty
    private let now: @Sendable () -> Date
    package private(set) var fetches = 0

    package init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    /// The current token, fetching one with `fetch` when there is none or it is about to expire.
    package func token(_ fetch: @Sendable () async throws -> AccessToken) async throws -> AccessToken {
        switch state {
        case .ready(let token) where isFresh(token):
            return token
        case .fetching:
            return try await withCheckedThrowingContinuation { continuation in
                if case .fetching(var waiters) = state {
                    waiters.append(continuation)
                    state = .fetching(waiters)
                } else if case .ready(let token) = state {
                    continuation.resume(returning: token)
                } else {
                    continuation.resume(throwing: CancellationError())
                }
            }
        case .empty, .ready:
            state = .fetching([])
            fetches += 1
            do {
                let token = try await fetch()
                let waiters = takeWaiters()
                state = .ready(token)
                for waiter in waiters { waiter.resume(returning: token) }
                return token
            } catch {
                let waiters = takeWaiters()
                state = .empty
                for waiter in waiters { waiter.resume(throwing: error) }
                throw error
            }
        }
    }

    /// Forgets `token` after the seller refused it, so that the next request fetches a new one.
    package func invalidate(_ token: String) {
        if case .ready(let current) = state, current.value == token { state = .empty }
    }

    private func takeWaiters() -> [CheckedContinuation<AccessToken, any Error>] {
        if case .fetching(let waiters) = state { return waiters }
        return []
    }

    /// Refreshed a minute before it expires, or at nine tenths of its lifetime when that comes sooner, so that
    /// no request goes out with a token that lapses in flight.
    private func isFresh(_ token: AccessToken) -> Bool {
        guard let expiresAt = token.expiresAt else { return true }
        let margin = min(60, expiresAt.timeIntervalSince(token.obtainedAt) / 10)
        return expiresAt.timeIntervalSince(now()) > margin
    }
}
