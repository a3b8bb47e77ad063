/// A seller's limits (`requestsPerSecond`, `concurrency`) held across every process that shares a store: a team's
/// CI jobs and engineers quoting through one buyer account keep to the limits the seller agreed for the account,
/// not each to its own. Each process keeps its local limits as well (`RequestPolicy`); this is one more gate.
package protocol SharedBudget: Sendable {
    /// Waits for one of the seller's shared concurrency slots and then for its next shared request slot; the
    /// returned lease must be released when the attempt is over. Nil when the budget cannot be reached: the
    /// attempt then goes by the local limits alone (a shared store that fails must not stop a run).
    func admit(sellerId: String, limits: SellerLimits) async throws -> (any SharedBudgetLease)?
}

/// A concurrency slot held in a `SharedBudget`.
package protocol SharedBudgetLease: Sendable {
    func release() async
}
