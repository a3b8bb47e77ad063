import JSONCore
import Testing

@Suite struct JSONEchoElisionTests {
    static let sent: JSONValue = ["@type": "urn:x", "ipUni": ["rate": 100]]

    /// Parses `answer` taking its echoes of `sent` as the values sent.
    static func read(_ answer: [UInt8], sent: [JSONValue]) throws -> (JSONValue, [JSONEchoElision.Echo]) {
        let elision = JSONEchoElision(key: "productConfiguration", sent: sent.map { $0.serializedBytes() })
        let echoes = elision.echoes(in: answer)
        let known = echoes.map { JSONValue.KnownValue(range: $0.range, value: sent[$0.sent]) }
        return (try JSONValue(parsing: answer, reusing: known), echoes)
    }

    @Test func verbatimEchoesAreFoundAndEverythingElseIsParsed() throws {
        let changed: JSONValue = ["@type": "urn:x", "ipUni": ["rate": 50]]
        let answer: JSONValue = [
            "note": #"a string mentioning "productConfiguration": {"@type":"urn:x","ipUni":{"rate":100}}"#,
            "items": [
                ["id": "1", "product": ["productConfiguration": Self.sent]],
                ["id": "2", "product": ["productConfiguration": changed]],
                ["id": "3", "product": ["productConfiguration": Self.sent, "after": [1, "}", "\\\""]]],
                ["id": "4", "product": ["productConfiguration": .null]],
            ],
        ]
        let bytes = answer.serializedBytes()
        let (parsed, echoes) = try Self.read(bytes, sent: [Self.sent])
        #expect(echoes.map(\.sent) == [0, 0])
        for echo in echoes { #expect(Array(bytes[echo.range]) == Self.sent.serializedBytes()) }
        // The document reads exactly as parsing all of it would.
        #expect(parsed == answer)
        #expect(parsed.serializedBytes() == bytes)
        // A seller's null stays null: only bytes equal to what was sent are taken as sent.
        #expect(parsed[pointer: "/items/3/product/productConfiguration"] == .null)
    }

    @Test func aDocumentWithoutEchoesHasNone() {
        let document: JSONValue = ["a": [1, 2], "productConfiguration": "other"]
        let elision = JSONEchoElision(key: "productConfiguration", sent: [Self.sent.serializedBytes()])
        #expect(elision.echoes(in: document.serializedBytes()).isEmpty)
    }

    @Test func echoesInAnyOrderAndRepeatedAreFound() throws {
        let first: JSONValue = ["@type": "urn:x", "ipUni": ["rate": 100]]
        let second: JSONValue = ["@type": "urn:x", "ipUni": ["rate": 200]]
        let third: JSONValue = ["@type": "urn:x", "ipUni": ["rate": 300]]
        let answer: JSONValue = [
            "items": [
                ["productConfiguration": second], ["productConfiguration": first], ["productConfiguration": second],
                ["productConfiguration": third], ["productConfiguration": ["@type": "urn:x"]],
            ]
        ]
        let (parsed, echoes) = try Self.read(answer.serializedBytes(), sent: [first, second, third])
        #expect(echoes.map(\.sent) == [1, 0, 1, 2])
        #expect(parsed == answer)
    }

    /// The old splice placeholder echoed back is a string like any other.
    @Test func theOldPlaceholderTextEchoedBackIsText() throws {
        let answer: JSONValue = [
            "items": [["productConfiguration": "\u{1}fragment:0\u{1}", "note": "\u{1}fragment:0\u{1}"]]
        ]
        let (parsed, echoes) = try Self.read(answer.serializedBytes(), sent: [Self.sent])
        #expect(echoes.isEmpty)
        #expect(parsed == answer)
    }

    @Test func aKnownValueTheParserDoesNotMeetIsNotUsed() throws {
        let text = #"{"a":"{\"b\":1}","c":{"b":1}}"#
        let bytes = Array(text.utf8)
        let inString = try #require(text.utf8.firstRange(of: #"{\"b"#.utf8))
        let offset = text.utf8.distance(from: text.utf8.startIndex, to: inString.lowerBound)
        let marker: JSONValue = ["taken": true]
        let parsed = try JSONValue(
            parsing: bytes, reusing: [.init(range: offset..<offset + 8, value: marker)])
        #expect(parsed == (try JSONValue(parsing: bytes)))
    }
}
