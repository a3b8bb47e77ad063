import BlackHailCore
import Foundation
import JSONCore

/// A buyer's notification registration with one of a seller's APIs (MEF `EventSubscription`).
package struct EventSubscription: Sendable, Hashable {
    package var id: String
    package var api: SonataAPI
    /// The buyer's listener: events go to this plus the notification API's base path and `/listener/<type>`.
    package var callback: String
    package var query: String?
    /// The event types asked for (`eventType=a,b` or `eventType=a&eventType=b`); nil: every type.
    package var eventTypes: Set<String>?

    /// Reads `eventType` filters from a registration's query; other filters are accepted and not applied.
    static func eventTypes(in query: String?) -> Set<String>? {
        guard let query, !query.isEmpty else { return nil }
        var types: Set<String> = []
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == "eventType" else { continue }
            for type in parts[1].split(separator: ",") {
                types.insert(type.trimmingCharacters(in: .whitespaces))
            }
        }
        return types.isEmpty ? nil : types
    }

    func wants(_ eventType: String) -> Bool { eventTypes?.contains(eventType) ?? true }

    var json: JSONValue {
        var object: JSONObject = ["id": .string(id), "callback": .string(callback)]
        if let query { object["query"] = .string(query) }
        return .object(object)
    }
}

/// One seller's notification registrations, for all its APIs (`POST`, `GET`, `DELETE /hub`).
actor SellerHub {
    private var subscriptions: [String: EventSubscription] = [:]
    /// Per registration, how its API's resources stood when its events were last sent (at first: when it was
    /// made), so that it hears of every change after it registered and of none before.
    private var baselines: [String: [String: ResourceStanding]] = [:]
    private var nextSerial = 1
    let sellerId: String

    init(sellerId: String) {
        self.sellerId = sellerId
    }

    /// The most registrations a seller keeps: a buyer registering in a loop cannot exhaust the emulator.
    static let limit = 1_000
    /// The longest callback accepted.
    static let maximumCallbackLength = 2_048

    /// - Parameter baseline: how the API's resources stand now.
    func register(
        _ body: JSONObject, api: SonataAPI, baseline: [String: ResourceStanding]
    ) throws(RequestFailure) -> JSONValue {
        guard let callback = body["callback"]?.stringValue else { throw .unprocessable([.missing("/callback")]) }
        guard callback.utf8.count <= Self.maximumCallbackLength, let url = URL(string: callback),
            ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil
        else {
            throw .unprocessable([.invalid("/callback", "Not an http(s) URL")])
        }
        guard subscriptions.count < Self.limit else {
            throw .unprocessable([
                RequestProblem(code: "tooManyRecords", pointer: "/callback", reason: "Too many registrations")
            ])
        }
        let query = body["query"]?.stringValue
        let subscription = EventSubscription(
            id: "\(sellerId)-hub-\(nextSerial)", api: api, callback: callback, query: query,
            eventTypes: EventSubscription.eventTypes(in: query))
        nextSerial += 1
        subscriptions[subscription.id] = subscription
        baselines[subscription.id] = baseline
        return subscription.json
    }

    func subscription(id: String, api: SonataAPI) -> EventSubscription? {
        subscriptions[id].flatMap { $0.api == api ? $0 : nil }
    }

    /// Whether there was such a registration.
    func remove(id: String, api: SonataAPI) -> Bool {
        guard subscription(id: id, api: api) != nil else { return false }
        subscriptions[id] = nil
        baselines[id] = nil
        return true
    }

    var all: [EventSubscription] { subscriptions.values.sorted { $0.id < $1.id } }

    func baseline(of id: String) -> [String: ResourceStanding] { baselines[id] ?? [:] }

    /// Records what a registration was last told; nothing once it was deleted meanwhile.
    func setBaseline(_ baseline: [String: ResourceStanding], of id: String) {
        guard subscriptions[id] != nil else { return }
        baselines[id] = baseline
    }
}
