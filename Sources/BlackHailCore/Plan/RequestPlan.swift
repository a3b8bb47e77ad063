/// What a run would send each seller, worked out without sending anything (`quote --dry-run`). The counts follow
/// the batching the seller sessions use (`SellerSession.qualify`, `SellerSession.quote`): every site is validated
/// with every seller, POQs carry at most the seller's items per request, and quotes are cut per POQ and quote
/// level. Quotes are an upper bound: only what qualifies is quoted, and alternates a seller proposes add to them.
package struct RequestPlan: Sendable {
    package struct SellerRequests: Sendable, Equatable {
        package var sellerId: String
        package var sites: Int
        package var addressValidations: Int
        package var poqs: Int
        package var quotesAtMost: Int
        package var itemsPerRequest: Int
        package var concurrency: Int
    }

    package var sellers: [SellerRequests]
    /// Site and bandwidth lines that would be sent.
    package var lines: Int
    /// Per site, the lines left out because their MEF 139 configuration failed validation: never sent.
    package var rejected: [String: [String]]

    package init(plan: QuotePlan, profiles: [SellerProfile]) {
        lines = plan.lines.count
        rejected = plan.rejected
        var seen = Set<String>()
        let sites = plan.lines.map(\.site.id).filter { seen.insert($0).inserted }.count
        sellers = profiles.map { profile in
            let limit = profile.limits.itemsPerRequest
            let poqBatches = plan.lines.packed(limit: limit) { $0.components.count }
            let quotes = poqBatches.reduce(0) { total, batch in
                let requests = batch.flatMap { line in line.site.termsMonths.map { _ in line } }
                let byLevel = Dictionary(grouping: requests, by: \.site.quoteLevel)
                return total + byLevel.values.reduce(0) { $0 + $1.packed(limit: limit) { $0.components.count }.count }
            }
            return SellerRequests(
                sellerId: profile.id, sites: sites, addressValidations: sites, poqs: poqBatches.count,
                quotesAtMost: quotes, itemsPerRequest: limit, concurrency: profile.limits.concurrency)
        }
    }

    /// Requests of every kind to every seller, at most.
    package var totalRequests: Int {
        sellers.reduce(0) { $0 + $1.addressValidations + $1.poqs + $1.quotesAtMost }
    }
}
