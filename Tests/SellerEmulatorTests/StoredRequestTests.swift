import Foundation
import JSONCore
import Testing

@testable import SellerEmulator

/// A request the emulator keeps as text reads back as it was sent: its members in their order, each item by its id,
/// and saved (`EmulatedSellerState`) as the request itself.
@Suite struct StoredRequestTests {
    static let text = """
        {"externalId":"ext-1","quoteItem":[
          {"id":"a","action":"add","product":{"productConfiguration":{"@type":"urn:x","bw":1.50,"list":[1,"two",null]}}},
          {"id":"b","action":"add","product":{"place":[{"id":"p"}]}}
        ],"instantSyncQuote":true,"note":"\\u00fc \\"quoted\\""}
        """
    let request: JSONObject

    init() throws {
        request = try #require(try JSONValue(parsing: Self.text).objectValue)
    }

    @Test func aStoredRequestReadsBackAsSent() throws {
        let stored = StoredRequest<QuoteItems>(request)
        #expect(stored.object == request)
        #expect(stored.object.keys == request.keys)
        #expect(stored.itemCount == 2)
        #expect(stored.itemIndex(id: "b") == 1)
        #expect(stored.itemIndex(id: "c") == nil)
        #expect(stored.item(at: 1) == request["quoteItem"]?[1])
        #expect(stored.item(at: 2) == nil)
        #expect(stored["externalId"] == .string("ext-1"))
        // The items are read through `items` and `item(at:)`, never as a member.
        #expect(stored["quoteItem"] == nil)
        #expect(stored.members["quoteItem"] == .null)
    }

    @Test func aStoredRequestIsSavedAsTheRequest() throws {
        let stored = StoredRequest<QuoteItems>(request)
        let saved = try JSONEncoder().encode(stored)
        #expect(try JSONDecoder().decode(JSONObject.self, from: saved) == request)
        let restored = try JSONDecoder().decode(StoredRequest<QuoteItems>.self, from: saved)
        #expect(restored.object == request)
        #expect(restored.itemIndex(id: "a") == 0)
    }
}
