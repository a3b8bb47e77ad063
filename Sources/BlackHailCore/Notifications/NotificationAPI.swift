/// Where the seller sends each API's events, and what they are called (MEF notification specs, `/listener/...`).
/// One home for the names both sides use: blackhail's listener and the emulator's sender.
extension SonataAPI {
    /// The listener's base path below the buyer's callback URL; nil for the address API (no notifications).
    package var notificationPath: String? {
        switch self {
        case .address: nil
        case .poq: "/mefApi/sonata/productOfferingQualificationNotification/v7"
        case .quote: "/mefApi/sonata/quoteNotification/v8"
        case .order: "/mefApi/sonata/productOrderingNotification/v10"
        }
    }

    /// The notification API's name in that path (`productOrderingNotification`).
    package var notificationResource: String? {
        notificationPath.flatMap { $0.split(separator: "/").dropLast().last.map(String.init) }
    }

    /// The event payload's member naming the item an item event is about.
    package var eventItemIdField: String? {
        switch self {
        case .address: nil
        case .poq: "poqItemId"
        case .quote: "quoteItemId"
        case .order: "orderItemId"
        }
    }

    /// The API whose listener path names `resource` (`quoteNotification`).
    package init?(notificationResource resource: some StringProtocol) {
        guard let api = Self.allCases.first(where: { $0.notificationResource.map { $0 == resource } == true }) else {
            return nil
        }
        self = api
    }
}

/// Event types of the MEF notification APIs that blackhail and the emulator use.
package enum SonataEventType {
    package static let poqCreate = "poqCreateEvent"
    package static let poqStateChange = "poqStateChangeEvent"
    package static let poqItemStateChange = "poqItemStateChangeEvent"
    package static let quoteStateChange = "quoteStateChangeEvent"
    package static let quoteItemStateChange = "quoteItemStateChangeEvent"
    package static let orderStateChange = "productOrderStateChangeEvent"
    package static let orderItemStateChange = "productOrderItemStateChangeEvent"
    /// No `Event` suffix: the spec's enum and path (the guide's §6.15 spells it with one).
    package static let orderItemExpectedCompletionDateSet = "productOrderItemExpectedCompletionDateSet"
    package static let orderItemMilestone = "productSpecificProductOrderItemMilestoneEvent"

    /// The order events an order watch registers for: whatever changes what `order status --watch` shows.
    package static let watchedOrderEvents = [
        orderStateChange, orderItemStateChange, orderItemExpectedCompletionDateSet, orderItemMilestone,
    ]
}
