import JSONCore
import PropertyBased
import Synchronization
import Testing

@testable import BlackHailCore

/// Events sellers send are hostile input: the parser takes MEF's event bodies and refuses everything else, and
/// the inbox accepts an event only for a registration blackhail made and a resource it watches there.
@Suite struct NotificationEventTests {
    static let orderEvent = Array(
        #"{"eventId":"e-1","eventTime":"2026-12-03T10:00:00Z","eventType":"productOrderItemStateChangeEvent","event":{"id":"O-1","orderItemId":"item-1","href":"/x","sellerId":"s"}}"#
            .utf8)

    @Test func anOrderEventGivesItsIds() throws {
        let event = try NotificationEvent.parse(
            Self.orderEvent, api: .order, pathEventType: SonataEventType.orderItemStateChange
        ).get()
        #expect(
            event
                == NotificationEvent(
                    eventId: "e-1", eventType: SonataEventType.orderItemStateChange, resourceId: "O-1",
                    itemId: "item-1"))
    }

    @Test func eventsThatAreNotMEFEventsAreRefused() {
        let refused: [(String, NotificationEvent.Refusal)] = [
            ("[]", .notJSON),
            ("not json", .notJSON),
            (#"{"eventType":"productOrderStateChangeEvent"}"#, .missing("event")),
            (#"{"event":{"href":"/x"}}"#, .missing("event.id")),
            (#"{"event":{"id":7}}"#, .invalid("event.id")),
            (#"{"event":{"id":""}}"#, .invalid("event.id")),
            // The body says another event than the path it was sent to.
            (#"{"eventType":"chargeCreateEvent","event":{"id":"O-1"}}"#, .invalid("eventType")),
            (#"{"event":{"id":"O-1","orderItemId":["a"]}}"#, .invalid("event.orderItemId")),
            (#"{"event":{"id":"\#(String(repeating: "x", count: 600))"}}"#, .invalid("event.id")),
        ]
        for (body, refusal) in refused {
            let result = NotificationEvent.parse(
                Array(body.utf8), api: .order, pathEventType: SonataEventType.orderStateChange)
            #expect(result == .failure(refusal), "\(body)")
        }
        let large = Array(repeating: UInt8(ascii: " "), count: NotificationEvent.maximumBytes + 1)
        #expect(NotificationEvent.parse(large, api: .order, pathEventType: "x") == .failure(.tooLarge))
    }

    @Test func arbitraryBytesNeverTrapTheParser() async {
        await propertyCheck(count: 500, input: Gen.uint8().array(of: 0...300)) { bytes in
            let result = NotificationEvent.parse(bytes, api: .order, pathEventType: SonataEventType.orderStateChange)
            if case .success(let event) = result { #expect(!event.resourceId.isEmpty) }
        }
    }

    @Test func arbitraryBytesInsideAnEventNeverTrapTheParser() async {
        // Mutations of a valid event: most are not JSON, some are events with odd ids.
        await propertyCheck(count: 500, input: Gen.int(in: 0...(Self.orderEvent.count - 1)), Gen.uint8()) {
            index, byte in
            var bytes = Self.orderEvent
            bytes[index] = byte
            _ = NotificationEvent.parse(bytes, api: .order, pathEventType: SonataEventType.orderItemStateChange)
        }
    }

    static func path(_ token: String, _ eventType: String = SonataEventType.orderStateChange) -> String {
        "/proxy/prefix/\(token)/mefApi/sonata/productOrderingNotification/v10/listener/\(eventType)"
    }

    @Test func theInboxAcceptsOnlyEventsForItsRegistrationsAndWatchedOrders() throws {
        let woken = Mutex<[String]>([])
        let inbox = NotificationInbox { key, _, _ in woken.withLock { $0.append(key) } }
        let token = inbox.add(.init(sellerId: "northwind", api: .order, watched: ["O-1": "run-1/NYC"]))
        #expect(token.count == 64 && token.allSatisfy(\.isHexDigit))
        #expect(inbox.add(.init(sellerId: "other", api: .order, watched: [:])) != token)
        let event = Array(#"{"eventType":"productOrderStateChangeEvent","event":{"id":"O-1"}}"#.utf8)
        let other = Array(#"{"eventType":"productOrderStateChangeEvent","event":{"id":"O-2"}}"#.utf8)

        #expect(inbox.receive(method: "POST", path: Self.path(token), body: event).status == 204)
        #expect(woken.withLock { $0 } == ["run-1/NYC"])

        let refusals = [
            inbox.receive(method: "POST", path: Self.path(String(repeating: "0", count: 64)), body: event),
            inbox.receive(method: "POST", path: Self.path(token), body: other),
            inbox.receive(method: "POST", path: Self.path(token), body: Array("{".utf8)),
            inbox.receive(method: "GET", path: Self.path(token), body: event),
            inbox.receive(
                method: "POST", path: "/\(token)/mefApi/sonata/quoteNotification/v8/listener/quoteStateChangeEvent",
                body: event),
            inbox.receive(method: "POST", path: "/\(token)/mefApi/sonata/productOrderingNotification/v10", body: event),
            inbox.receive(
                method: "POST", path: "/mefApi/sonata/productOrderingNotification/v10/listener/x", body: event),
        ]
        #expect(refusals.map(\.status) == [404, 404, 400, 405, 404, 404, 404])
        for refusal in refusals { #expect(refusal.refusal?.contains(token) == false) }
        #expect(woken.withLock { $0 } == ["run-1/NYC"])

        inbox.remove(token: token)
        #expect(inbox.receive(method: "POST", path: Self.path(token), body: event).status == 404)
    }

    @Test func arbitraryPathsNeverTrapTheInbox() async {
        let inbox = NotificationInbox { _, _, _ in }
        let segment = Gen.element(of: ["", "mefApi", "sonata", "listener", "productOrderingNotification", "v10", "x"])
            .map { $0 ?? "" }
        await propertyCheck(count: 300, input: segment.array(of: 0...10)) { segments in
            let receipt = inbox.receive(method: "POST", path: "/" + segments.joined(separator: "/"), body: [])
            #expect(receipt.status >= 400)
        }
    }
}
