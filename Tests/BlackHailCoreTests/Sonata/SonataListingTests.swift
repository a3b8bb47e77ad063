import Foundation
import JSONCore
import TestSupport
import Testing

@testable import BlackHailCore

/// How a list is read page by page: what ends it, what bounds it, and the look-up of an order built on it.
@Suite struct SonataListingTests {
    static let externalId = "bh-0123456789abcdef01234567"

    /// A seller holding `entries` that pages them `pageSize` at a time at most, with `X-Total-Count` unless told
    /// not to; the requests' offsets, in order, are in the transport's log.
    static func seller(_ entries: [JSONValue], pageSize: Int, total: Bool = true) -> ScriptedTransport {
        ScriptedTransport { request in
            let query = URLComponents(string: request.url)?.queryItems ?? []
            let value = { (name: String) in query.first { $0.name == name }?.value.flatMap { Int($0) } ?? 0 }
            let page = entries.dropFirst(value("offset")).prefix(min(value("limit"), pageSize))
            return .json(200, .array(Array(page)), headers: total ? [("X-Total-Count", String(entries.count))] : [])
        }
    }

    static func other(_ index: Int) -> JSONValue {
        ["id": .string("o-\(index)"), "externalId": .string("bh-other-\(index)")]
    }

    static func offsets(_ transport: ScriptedTransport) -> [String] {
        transport.log.requests.compactMap {
            URLComponents(string: $0.url)?.queryItems?.first { $0.name == "offset" }?.value
        }
    }

    @Test func pagesShorterThanAskedAreFollowedToTheTotal() async {
        let entries = (0..<5).map(Self.other) + [["id": "mine", "externalId": .string(Self.externalId)]]
        let transport = Self.seller(entries, pageSize: 2)
        let lookup = await OrderLookup.lookUp(
            Self.externalId, with: SonataClientTests.client(transport), listing: SonataListing(pageSize: 10))
        #expect(lookup == .found(id: "mine", state: nil))
        #expect(Self.offsets(transport) == ["0", "2", "4"])
    }

    @Test func withoutATotalAShortPageEndsTheList() async {
        let transport = Self.seller((0..<3).map(Self.other), pageSize: 2, total: false)
        let lookup = await OrderLookup.lookUp(
            Self.externalId, with: SonataClientTests.client(transport), listing: SonataListing(pageSize: 2))
        #expect(lookup == .unknown(OrderLookup.onlyOthers))
        #expect(Self.offsets(transport) == ["0", "2"])
    }

    @Test func anEmptyListIsAbsentInOnePage() async {
        let transport = Self.seller([], pageSize: 100)
        #expect(await OrderLookup.lookUp(Self.externalId, with: SonataClientTests.client(transport)) == .absent)
        #expect(transport.log.requests.count == 1)
    }

    @Test func aListThatGoesOnIsReadToTheBoundAndSettlesNothing() async {
        let transport = Self.seller((0..<1_000).map(Self.other), pageSize: 1)
        let lookup = await OrderLookup.lookUp(
            Self.externalId, with: SonataClientTests.client(transport),
            listing: SonataListing(pageSize: 1, maximumPages: 7))
        guard case .unknown(let why) = lookup else {
            Issue.record("\(lookup)")
            return
        }
        #expect(why.contains("did not end"))
        #expect(transport.log.requests.count == 7)
    }

    @Test func aFailedPageStopsTheReading() async {
        let transport = ScriptedTransport { _ in .json(404, ["code": "notFound", "reason": "no"]) }
        let lookup = await OrderLookup.lookUp(Self.externalId, with: SonataClientTests.client(transport))
        #expect(lookup == .unknown("the order look-up was answered HTTP 404"))
        #expect(transport.log.requests.count == 1)
    }
}
