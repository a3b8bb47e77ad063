import BlackHailCore
import Foundation
import JSONCore
import NIOHTTP1
import TestSupport
import Testing

@testable import SellerEmulator

/// The emulator's notification hubs over real HTTP: registrations, their `eventType` filters, the events sent as
/// resources move with the emulator's clock, and sellers without notification support.
@Suite struct EmulatorHubTests {
    static func send(
        _ method: HTTPMethod, _ url: String, _ body: String?, _ headers: [(String, String)]
    ) async throws -> EmulatorHTTPTests.Exchange {
        try await EmulatorHTTPTests.send(method, url, body: body, headers: headers)
    }

    @Test func registrationsAreMadeReadAndDeletedPerAPI() async throws {
        let profile = try TestEnvironment.quietSeller("northwind")
        try await SellerEmulator(profiles: [profile]).run { running in
            let base = running.baseURL(for: profile.id)
            for api in [SonataAPI.poq, .quote, .order] {
                let hub = base + profile.sonata.path(for: api) + "/hub"
                let created = try await Self.send(
                    .POST, hub, #"{"callback": "http://127.0.0.1:1/x", "query": "eventType=a,b"}"#, [])
                #expect(created.status == 201, "\(api)")
                #expect(created.body["callback"] == "http://127.0.0.1:1/x")
                #expect(created.body["query"] == "eventType=a,b")
                let id = try #require(created.body["id"]?.stringValue)
                #expect(try await Self.send(.GET, "\(hub)/\(id)", nil, []).body == created.body)
                #expect(try await Self.send(.DELETE, "\(hub)/\(id)", nil, []).status == 204)
                #expect(try await Self.send(.DELETE, "\(hub)/\(id)", nil, []).status == 404)
                #expect(try await Self.send(.GET, "\(hub)/\(id)", nil, []).status == 404)
                let noCallback = try await Self.send(.POST, hub, #"{"query": "eventType=a"}"#, [])
                #expect(noCallback.status == 422)
                let notHTTP = try await Self.send(.POST, hub, #"{"callback": "file:///etc/passwd"}"#, [])
                #expect(notHTTP.status == 422)
            }
        }
    }

    @Test func aSellerWithoutNotificationsAnswers501() async throws {
        let profile = try TestEnvironment.quietSeller("northwind") { $0.notifications = false }
        try await SellerEmulator(profiles: [profile]).run { running in
            let hub = running.baseURL(for: profile.id) + profile.sonata.path(for: .quote) + "/hub"
            let response = try await Self.send(.POST, hub, #"{"callback": "http://127.0.0.1:1/x"}"#, [])
            #expect(response.status == 501)
            #expect(response.body["code"] == "notImplemented")
            #expect(try await Self.send(.DELETE, "\(hub)/1", nil, []).status == 501)
        }
    }

    @Test func eventsAreSentForTheTypesAskedFor() async throws {
        var albion = try TestEnvironment.quietSeller("albion") { $0.deferredSeconds = 30 }
        albion.auth = .none
        let profile = albion
        let clock = ManualClock()
        try await SellerEmulator(profiles: [profile], now: clock.read).run { running in
            let base = running.baseURL(for: "albion")
            let address = try await Self.send(
                .POST, base + profile.sonata.path(for: .address) + "/geographicAddressValidation",
                EmulatorHTTPTests.londonAddress, [])
            let addressId = try #require(address.body["bestMatchGeographicAddress"]?["id"]?.stringValue)
            let created = try await Self.send(
                .POST, base + profile.sonata.path(for: .poq) + "/productOfferingQualification",
                EmulatorHTTPTests.poq(addressId: addressId, offering: "ALB-IA-BASIC", sync: false), [])
            #expect(created.status == 201)
            // Registered once the POQ exists: it hears of what changes from here on. The callback is the emulator
            // itself: it answers 404, and the events are counted as sent all the same.
            let registered = try await Self.send(
                .POST, base + profile.sonata.path(for: .poq) + "/hub",
                #"{"callback": "\#(base)/listener", "query": "eventType=poqStateChangeEvent"}"#, [])
            #expect(registered.status == 201)
            clock.advance(by: 31)
            var sent: [String: Int] = [:]
            for _ in 0..<500 {
                sent = running.statistics.events(seller: "albion").sent
                if sent[SonataEventType.poqStateChange] != nil { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(sent == [SonataEventType.poqStateChange: 1], "\(sent)")
        }
    }

    @Test func eventsNameTheResourceAndItemThatChanged() throws {
        let seller = try TestEnvironment.quietSeller("northwind")
        func standing(_ state: String, _ itemState: String, milestones: [String] = []) -> ResourceStanding {
            let milestoneValues: [JSONValue] = milestones.map { .object(["name": .string($0)]) }
            let rendered: JSONValue = .object([
                "state": .string(state),
                "productOrderItem": .array([
                    .object([
                        "id": "1", "state": .string(itemState), "milestone": .array(milestoneValues),
                    ])
                ]),
            ])
            return ResourceStanding(rendered, itemsKey: "productOrderItem")
        }
        let events = EventNotifier.events(
            .order,
            before: ["O-1": standing("acknowledged", "acknowledged"), "O-2": standing("completed", "completed")],
            now: [
                "O-1": (standing("inProgress", "inProgress", milestones: ["PLANNING_COMPLETE"]), "/o/O-1"),
                "O-2": (standing("completed", "completed"), nil),
            ],
            seller: seller)
        #expect(
            events.map(\.eventType) == [
                SonataEventType.orderStateChange, SonataEventType.orderItemStateChange,
                SonataEventType.orderItemMilestone,
            ])
        #expect(events.allSatisfy { $0.payload["id"] == "O-1" && $0.payload["href"] == "/o/O-1" })
        #expect(events[1].payload["orderItemId"] == "1")
        #expect(events[2].payload["milestoneName"] == "PLANNING_COMPLETE")
        #expect(EventSubscription.eventTypes(in: "eventType=a,b&eventType=c&state=x") == ["a", "b", "c"])
        #expect(EventSubscription.eventTypes(in: "") == nil)
    }
}
