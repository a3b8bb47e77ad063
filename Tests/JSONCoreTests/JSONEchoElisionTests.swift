import MEF139
import Testing

@Suite struct JSONEchoElisionTests {
    static let sent: JSONValue = ["@type": "urn:x", "ipUni": ["rate": 100]]

    @Test func verbatimEchoesBecomeNullAndEverythingElseIsKept() throws {
        let changed: JSONValue = ["@type": "urn:x", "ipUni": ["rate": 50]]
        let answer: JSONValue = [
            "note": #"a string mentioning "productConfiguration": {"x": 1}"#,
            "items": [
                ["id": "1", "product": ["productConfiguration": Self.sent]],
                ["id": "2", "product": ["productConfiguration": changed]],
                ["id": "3", "product": ["productConfiguration": Self.sent, "after": [1, "}", "\\\""]]],
            ],
        ]
        let elision = JSONEchoElision(key: "productConfiguration", sent: [Self.sent.serializedBytes()])
        let parsed = try JSONValue(parsing: elision.apply(to: answer.serializedBytes()))
        #expect(parsed[pointer: "/items/0/product/productConfiguration"] == .null)
        #expect(parsed[pointer: "/items/1/product/productConfiguration"] == changed)
        #expect(parsed[pointer: "/items/2/product/productConfiguration"] == .null)
        #expect(parsed[pointer: "/items/2/product/after"] == [1, "}", "\\\""])
        #expect(parsed["note"] == answer["note"])
    }

    @Test func aDocumentWithoutEchoesIsUnchanged() {
        let document: JSONValue = ["a": [1, 2], "productConfiguration": "other"]
        let bytes = document.serializedBytes()
        let elision = JSONEchoElision(key: "productConfiguration", sent: [Self.sent.serializedBytes()])
        #expect(elision.apply(to: bytes) == bytes)
    }

    @Test func echoesInAnyOrderAndRepeatedAreElided() throws {
        let first: JSONValue = ["@type": "urn:x", "ipUni": ["rate": 100]]
        let second: JSONValue = ["@type": "urn:x", "ipUni": ["rate": 200]]
        let third: JSONValue = ["@type": "urn:x", "ipUni": ["rate": 300]]
        let answer: JSONValue = [
            "items": [
                ["productConfiguration": second], ["productConfiguration": first], ["productConfiguration": second],
                ["productConfiguration": third], ["productConfiguration": ["@type": "urn:x"]],
            ]
        ]
        let elision = JSONEchoElision(
            key: "productConfiguration", sent: [first, second, third].map { $0.serializedBytes() })
        let parsed = try JSONValue(parsing: elision.apply(to: answer.serializedBytes()))
        for index in 0..<4 { #expect(parsed[pointer: "/items/\(index)/productConfiguration"] == .null) }
        #expect(parsed[pointer: "/items/4/productConfiguration"] == ["@type": "urn:x"])
    }
}
