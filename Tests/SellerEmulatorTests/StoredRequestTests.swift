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

    @Test func aStoredRequestIsSavedAsTheRequestsText() throws {
        let stored = StoredRequest<QuoteItems>(request)
        let saved = try JSONEncoder().encode(stored)
        let text = try JSONDecoder().decode(String.self, from: saved)
        #expect(try JSONValue(parsing: text) == .object(request))
        #expect(try JSONValue(parsing: text).objectValue?.keys == request.keys)
        let restored = try JSONDecoder().decode(StoredRequest<QuoteItems>.self, from: saved)
        #expect(restored.object == request)
        #expect(restored.itemIndex(id: "a") == 0)
        // A state saved before requests were saved as text holds the request itself.
        let older = try JSONDecoder().decode(StoredRequest<QuoteItems>.self, from: try JSONEncoder().encode(request))
        #expect(older.object == request)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(StoredRequest<QuoteItems>.self, from: Data("\"[1]\"".utf8))
        }
    }
}

/// Demo sellers save their whole state as it grows; the pause after each round of saves grows with what the round
/// took, so that saving never takes more than a tenth of the emulator's time however large the run.
@Suite struct StateSavePauseTests {
    @Test func theSaverWaitsHalfASecondOrNineTimesItsLastRound() {
        #expect(SellerEmulator.savePause(after: .zero) == .milliseconds(500))
        #expect(SellerEmulator.savePause(after: .milliseconds(20)) == .milliseconds(500))
        #expect(SellerEmulator.savePause(after: .milliseconds(200)) == .milliseconds(1_800))
        #expect(SellerEmulator.savePause(after: .seconds(2)) == .seconds(18))
    }
}
