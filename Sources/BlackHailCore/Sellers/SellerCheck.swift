import AsyncHTTPClient
import Foundation
import Logging

/// `blackhail sellers check`: for each seller, resolve the profile, authenticate, and make the cheapest read
/// (list POQs with `limit=1`).
package enum SellerCheck {
    package struct Result: Sendable, Hashable {
        package var sellerId: String
        package var sellerName: String
        package var auth: String
        package var url: String
        package var reachable: Bool
        package var detail: String
    }

    package static func run(
        _ profiles: [SellerProfile], environment: [String: String], logger: Logger
    ) async throws -> [Result] {
        try await HTTPClientFactory.withHTTPClient(for: profiles, environment: environment) { http in
            let limit = ConcurrencyLimit(16)
            return await profiles.concurrentMap(limit: 8) { profile in
                let client = SonataClient(
                    profile: profile, http: http, globalLimit: limit, retry: RetryPolicy(maximumAttempts: 2),
                    environment: environment, logger: logger)
                let operation = SonataOperation(.listProductOfferingQualification, query: [("limit", "1")])
                var result = Result(
                    sellerId: profile.id, sellerName: profile.name, auth: profile.auth.summary,
                    url: client.url(for: operation), reachable: false, detail: "")
                let started = ContinuousClock.now
                do {
                    let reply = try await client.send(operation)
                    let elapsed = ContinuousClock.now - started
                    result.reachable = (200..<300).contains(reply.status)
                    result.detail =
                        result.reachable
                        ? "ok in \(Int(elapsed / .milliseconds(1))) ms"
                        : SellerSession.describe(reply)
                } catch {
                    result.detail = "\(error)"
                }
                return result
            }
        }
    }
}
