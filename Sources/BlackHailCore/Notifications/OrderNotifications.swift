/// `order status --watch --listen`: registers for order events with every seller of the watched orders, so that
/// an event wakes the watch (`OrderWakeups`) instead of it waiting for its next poll; sellers that take no
/// registration are polled as before. Ended with `unregister()`.
package struct OrderNotifications: Sendable {
    package let registrations: [HubRegistration]
    /// Sellers polled only, with why.
    package let fallbacks: [(sellerId: String, reason: String)]
    let inbox: NotificationInbox

    /// Registers `callbackBase` + a new token per seller for the order events the watch needs, each seller's
    /// orders (those the seller confirmed, so with its order id) as the resources it may send events about.
    /// - Parameter clients: each order's seller client by the order's external id.
    package static func register(
        orders: [OrderRecord], clients: [String: SonataClient], callbackBase: String, inbox: NotificationInbox
    ) async -> OrderNotifications {
        var bySeller: [String: (client: SonataClient, watched: [String: String])] = [:]
        for order in orders where OrderWatcher.Standing(order) == .open {
            guard let client = clients[order.externalId], let sellerOrderId = order.sellerOrderId else { continue }
            bySeller[client.profile.id, default: (client, [:])].watched[sellerOrderId] = order.externalId
        }
        let base = callbackBase.hasSuffix("/") ? String(callbackBase.dropLast()) : callbackBase
        let outcomes = await bySeller.sorted { $0.key < $1.key }.concurrentMap(limit: 8) {
            seller -> Result<HubRegistration, SellerFallback> in
            let (sellerId, entry) = (seller.key, seller.value)
            let token = inbox.add(.init(sellerId: sellerId, api: .order, watched: entry.watched))
            let result = await HubRegistration.register(
                with: entry.client, api: .order, callback: base + "/" + token,
                eventTypes: SonataEventType.watchedOrderEvents)
            switch result {
            case .success(let id):
                return .success(HubRegistration(client: entry.client, api: .order, id: id, token: token))
            case .failure(let refusal):
                inbox.remove(token: token)
                return .failure(SellerFallback(sellerId: sellerId, reason: refusal.description))
            }
        }
        var registrations: [HubRegistration] = []
        var fallbacks: [(sellerId: String, reason: String)] = []
        for outcome in outcomes {
            switch outcome {
            case .success(let registration): registrations.append(registration)
            case .failure(let fallback): fallbacks.append((fallback.sellerId, fallback.reason))
            }
        }
        return OrderNotifications(registrations: registrations, fallbacks: fallbacks, inbox: inbox)
    }

    /// Deletes every registration (each bounded by a short timeout, all at once), also when the watch was
    /// cancelled (Ctrl-C); the sellers whose deletion failed, with why.
    package func unregister() async -> [(sellerId: String, problem: String)] {
        let (registrations, inbox) = (registrations, inbox)
        // Unstructured: a cancelled task would start none of the deletions.
        let problems = await Task {
            await registrations.concurrentMap(limit: 8) { registration in
                inbox.remove(token: registration.token)
                return (registration.client.profile.id, await registration.unregister())
            }
        }.value
        return problems.compactMap { sellerId, problem in problem.map { (sellerId, $0) } }
    }
}

private struct SellerFallback: Error {
    var sellerId: String
    var reason: String
}
