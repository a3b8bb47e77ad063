import JSONCore

/// An event a seller sent to blackhail's listener (MEF notification APIs): which resource (and item) changed.
/// Events carry only ids: what changed is read from the seller afterwards.
package struct NotificationEvent: Sendable, Hashable {
    package var eventId: String?
    package var eventType: String
    /// The POQ, quote or order the event is about (`event.id`).
    package var resourceId: String
    /// `event.orderItemId`, `event.quoteItemId` or `event.poqItemId`.
    package var itemId: String?

    package init(eventId: String?, eventType: String, resourceId: String, itemId: String?) {
        self.eventId = eventId
        self.eventType = eventType
        self.resourceId = resourceId
        self.itemId = itemId
    }

    /// The largest event body read (64 KiB): an event is a few hundred bytes of ids.
    package static let maximumBytes = 64 * 1024
    /// The longest id or event type kept; longer ones refuse the event.
    package static let maximumIdLength = 512
    /// The most JSON values an event may hold: a body within the byte limit cannot cost much more in memory.
    static let maximumValues = 256

    /// Why an event body was refused.
    package enum Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        case tooLarge
        case notJSON
        case missing(String)
        case invalid(String)

        package var description: String {
            switch self {
            case .tooLarge: "the body is larger than \(NotificationEvent.maximumBytes) bytes"
            case .notJSON: "the body is not a JSON object"
            case .missing(let member): "\(member) is missing"
            case .invalid(let member):
                "\(member) is not a string of at most \(NotificationEvent.maximumIdLength) characters"
            }
        }
    }

    /// Reads an event sent to the listener of `api` (whose payload names items by `api.eventItemIdField`), whose
    /// URL named `pathEventType`: the body's `eventType`, when it has one, must agree with it.
    package static func parse(
        _ bytes: some Collection<UInt8>, api: SonataAPI, pathEventType: String
    ) -> Result<NotificationEvent, Refusal> {
        guard bytes.count <= maximumBytes else { return .failure(.tooLarge) }
        guard let value = try? JSONValue(parsing: bytes, reusing: [], maximumValues: maximumValues),
            case .object(let body) = value
        else { return .failure(.notJSON) }
        func text(_ value: JSONValue?, _ name: String) -> Result<String?, Refusal> {
            guard let value, value != .null else { return .success(nil) }
            guard let string = value.stringValue, !string.isEmpty, string.count <= maximumIdLength else {
                return .failure(.invalid(name))
            }
            return .success(string)
        }
        do throws(Refusal) {
            let eventType = try text(body["eventType"], "eventType").get() ?? pathEventType
            guard eventType == pathEventType else { return .failure(.invalid("eventType")) }
            guard case .object(let payload) = body["event"] else { return .failure(.missing("event")) }
            guard let resourceId = try text(payload["id"], "event.id").get() else {
                return .failure(.missing("event.id"))
            }
            var itemId: String?
            if let field = api.eventItemIdField { itemId = try text(payload[field], "event.\(field)").get() }
            return .success(
                NotificationEvent(
                    eventId: try text(body["eventId"], "eventId").get(), eventType: eventType, resourceId: resourceId,
                    itemId: itemId))
        } catch {
            return .failure(error)
        }
    }
}
