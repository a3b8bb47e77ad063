import Synchronization

/// What blackhail's notification listener accepts: events for registrations it made, about resources it watches
/// with that seller. Each registration's callback URL ends in an unguessable token (256 random bits) that only
/// blackhail and that seller know, so an event names its registration by the path it was sent to. Anything else
/// (an unknown token, another API's path, a resource not watched under that registration, a malformed body) is
/// refused with a 4xx and changes nothing. The HTTP server around it is the command's (`NotificationListener`).
package final class NotificationInbox: Sendable {
    /// One registration blackhail made with a seller's API.
    package struct Registration: Sendable {
        package var sellerId: String
        package var api: SonataAPI
        /// The seller's ids of the resources watched under it, to the watcher's key for each (an order's
        /// external id).
        package var watched: [String: String]

        package init(sellerId: String, api: SonataAPI, watched: [String: String]) {
            self.sellerId = sellerId
            self.api = api
            self.watched = watched
        }
    }

    /// How the listener answers an event, and what it says on stderr (never the token: it is the secret).
    package struct Receipt: Sendable, Hashable {
        package var status: Int
        /// Why it was refused; nil when accepted.
        package var refusal: String?
    }

    private let registrations = Mutex<[String: Registration]>([:])
    private let onEvent: @Sendable (_ key: String, _ sellerId: String, _ event: NotificationEvent) -> Void

    /// - Parameter onEvent: called for every accepted event with the watched resource's key.
    package init(onEvent: @escaping @Sendable (_ key: String, _ sellerId: String, _ event: NotificationEvent) -> Void) {
        self.onEvent = onEvent
    }

    /// Adds a registration under a new token, returned for the callback URL's last segment.
    package func add(_ registration: Registration) -> String {
        let token = Self.newToken()
        registrations.withLock { $0[token] = registration }
        return token
    }

    package func remove(token: String) {
        _ = registrations.withLock { $0.removeValue(forKey: token) }
    }

    /// A token of 32 bytes from the system's secure generator, in hex: a path segment no one can guess.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let word = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - word.count) + word
        }.joined()
    }

    /// Takes one request to the listener: `path` as sent (the callback's path, the token, then the notification
    /// API's `/mefApi/sonata/<api>Notification/v<N>/listener/<eventType>`).
    package func receive(method: String, path: String, body: some Collection<UInt8>) -> Receipt {
        guard let target = NotificationTarget(path: path) else {
            return Receipt(status: 404, refusal: "not a notification listener path")
        }
        guard method == "POST" else { return Receipt(status: 405, refusal: "\(method) instead of POST") }
        guard let registration = registrations.withLock({ $0[target.token] }), registration.api == target.api else {
            return Receipt(status: 404, refusal: "an event for no registration of this watch")
        }
        let event: NotificationEvent
        switch NotificationEvent.parse(body, api: target.api, pathEventType: target.eventType) {
        case .success(let parsed): event = parsed
        case .failure(let refusal):
            return Receipt(status: 400, refusal: "a malformed event from \(registration.sellerId): \(refusal)")
        }
        guard let key = registration.watched[event.resourceId] else {
            return Receipt(
                status: 404,
                refusal: "an event from \(registration.sellerId) about \(SellerText.id(event.resourceId)), "
                    + "which this watch does not follow with that seller")
        }
        onEvent(key, registration.sellerId, event)
        return Receipt(status: 204, refusal: nil)
    }
}

/// Where an event was sent, read from the listener path: the token before `/mefApi`, the API and the event type.
/// Whatever comes before the token (a reverse proxy's prefix kept in the callback URL) is not looked at.
struct NotificationTarget: Hashable {
    var token: String
    var api: SonataAPI
    var eventType: String

    init?(path: String) {
        let path = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        // Bounded: a listener path is short, and a long one is no event of ours.
        guard path.utf8.count <= 4_096 else { return nil }
        let segments = path.split(separator: "/")
        guard let mef = segments.lastIndex(of: "mefApi"), mef >= 1, segments.count == mef + 6,
            segments[mef + 4] == "listener", let api = SonataAPI(notificationResource: segments[mef + 2]),
            "/" + segments[mef...(mef + 3)].joined(separator: "/") == api.notificationPath
        else { return nil }
        token = String(segments[mef - 1])
        self.api = api
        eventType = String(segments[mef + 5])
    }
}
