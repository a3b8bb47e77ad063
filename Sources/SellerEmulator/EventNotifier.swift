import AsyncHTTPClient
import BlackHailCore
import Foundation
import JSONCore
import NIOCore
import NIOHTTP1

/// Where one POQ, quote or order stands, as its buyer would read it: what a notification says changed.
struct ResourceStanding: Sendable, Hashable {
    var state: String?
    /// Per item id: its state, expected completion date and milestones.
    var items: [String: Item]

    struct Item: Sendable, Hashable {
        var state: String?
        var expectedCompletionDate: String?
        var milestones: [String]
    }

    init(_ rendered: JSONValue, itemsKey: String) {
        state = rendered["state"]?.stringValue
        var items: [String: Item] = [:]
        for item in rendered[itemsKey]?.arrayValue ?? [] {
            guard let id = item["id"]?.stringValue else { continue }
            items[id] = Item(
                state: item["state"]?.stringValue,
                expectedCompletionDate: item["expectedCompletionDate"]?.stringValue,
                milestones: (item["milestone"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue })
        }
        self.items = items
    }
}

extension EmulatedSeller {
    /// Every resource of `api` as it stands now, by id, with where the buyer reads it.
    func standings(of api: SonataAPI) -> [String: (standing: ResourceStanding, href: String?)] {
        let (ids, itemsKey): ([String], String) =
            switch api {
            case .address: ([], "")
            case .poq: (qualificationOrder, "productOfferingQualificationItem")
            case .quote: (quoteOrder, "quoteItem")
            case .order: (orderOrder, "productOrderItem")
            }
        var standings: [String: (ResourceStanding, String?)] = [:]
        for id in ids {
            let rendered: JSONValue? =
                switch api {
                case .address: nil
                case .poq: qualification(id: id)
                case .quote: quote(id: id)
                case .order: order(id: id)
                }
            guard let rendered else { continue }
            standings[id] = (ResourceStanding(rendered, itemsKey: itemsKey), rendered["href"]?.stringValue)
        }
        return standings
    }
}

/// Sends the events of every seller's registrations (`SellerHub`): it looks at the sellers' resources every
/// `period` and sends an event for each change since a registration was last told (or made) that it asked for. Resources move with the emulator's clock,
/// not with timers (`EmulatedSeller`), so changes are found by looking: a test's manual clock moved forward is
/// noticed at the next look. Sends are fire and forget, each bounded by `sendTimeout`, and never hold up the
/// sellers' answers.
struct EventNotifier: Sendable {
    let sellers: [EmulatedSeller]
    let hubs: [String: SellerHub]
    let statistics: EmulatorStatistics
    var period: Duration = .milliseconds(100)
    var sendTimeout: TimeAmount = .seconds(5)

    /// Looks and sends until cancelled.
    func run() async {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                for seller in sellers {
                    guard let hub = hubs[seller.profile.id] else { continue }
                    let subscriptions = await hub.all
                    for api in [SonataAPI.poq, .quote, .order] {
                        let listening = subscriptions.filter { $0.api == api }
                        guard !listening.isEmpty else { continue }
                        let now = await seller.standings(of: api)
                        for subscription in listening {
                            let before = await hub.baseline(of: subscription.id)
                            for event in Self.events(api, before: before, now: now, seller: seller.profile)
                            where subscription.wants(event.eventType) {
                                group.addTask { await send(event, to: subscription, seller: seller.profile.id) }
                            }
                            await hub.setBaseline(now.mapValues(\.standing), of: subscription.id)
                        }
                    }
                }
                try? await Task.sleep(for: period)
            }
        }
    }

    /// An event as MEF sends it: type, and a payload naming the resource (and item).
    struct Event: Sendable {
        var eventType: String
        var api: SonataAPI
        var payload: JSONObject
    }

    /// The events that take a resource from `before` to `now`: a create event for a new POQ (POQ API only;
    /// quotes and orders have none), a state change for the resource, one per item whose state changed, and for
    /// orders one per item whose expected completion date changed or that reached a milestone.
    static func events(
        _ api: SonataAPI, before: [String: ResourceStanding],
        now: [String: (standing: ResourceStanding, href: String?)],
        seller: SellerProfile
    ) -> [Event] {
        var events: [Event] = []
        for (id, (standing, href)) in now.sorted(by: { $0.key < $1.key }) {
            var base: JSONObject = ["id": .string(id)]
            if let href { base["href"] = .string(href) }
            if let buyerId = seller.sonata.buyerId { base["buyerId"] = .string(buyerId) }
            if let sellerId = seller.sonata.sellerId { base["sellerId"] = .string(sellerId) }
            func item(_ itemId: String, milestone: String? = nil) -> JSONObject {
                var payload = base
                if let field = api.eventItemIdField { payload[field] = .string(itemId) }
                if let milestone { payload["milestoneName"] = .string(milestone) }
                return payload
            }
            guard let previous = before[id] else {
                if api == .poq { events.append(Event(eventType: SonataEventType.poqCreate, api: api, payload: base)) }
                continue
            }
            let (stateChange, itemStateChange) =
                switch api {
                case .poq: (SonataEventType.poqStateChange, SonataEventType.poqItemStateChange)
                case .quote: (SonataEventType.quoteStateChange, SonataEventType.quoteItemStateChange)
                default: (SonataEventType.orderStateChange, SonataEventType.orderItemStateChange)
                }
            if standing.state != previous.state {
                events.append(Event(eventType: stateChange, api: api, payload: base))
            }
            for (itemId, current) in standing.items.sorted(by: { $0.key < $1.key }) {
                let old = previous.items[itemId]
                if current.state != old?.state {
                    events.append(Event(eventType: itemStateChange, api: api, payload: item(itemId)))
                }
                guard api == .order else { continue }
                if current.expectedCompletionDate != nil, current.expectedCompletionDate != old?.expectedCompletionDate
                {
                    events.append(
                        Event(
                            eventType: SonataEventType.orderItemExpectedCompletionDateSet, api: api,
                            payload: item(itemId)))
                }
                for name in current.milestones.dropFirst(old?.milestones.count ?? 0) {
                    events.append(
                        Event(
                            eventType: SonataEventType.orderItemMilestone, api: api,
                            payload: item(itemId, milestone: name)))
                }
            }
        }
        return events
    }

    /// POSTs one event to a registration's listener; whatever happens is counted, never waited for by a seller.
    private func send(_ event: Event, to subscription: EventSubscription, seller: String) async {
        guard let path = event.api.notificationPath else { return }
        let url = subscription.callback.trimmingSuffix("/") + path + "/listener/" + event.eventType
        let body: JSONObject = [
            "eventId": .string(UUID().uuidString.lowercased()),
            "eventTime": .string(MEFDateTime.string(from: Date())),
            "eventType": .string(event.eventType),
            "event": .object(event.payload),
        ]
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json;charset=utf-8")
        request.body = .bytes(ByteBuffer(bytes: JSONValue.object(body).serializedBytes()))
        var status: Int?
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: sendTimeout)
            status = Int(response.status.code)
            _ = try? await response.body.collect(upTo: 64 * 1024)
        } catch {
            status = nil
        }
        statistics.countEvent(seller: seller, eventType: event.eventType, status: status)
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
