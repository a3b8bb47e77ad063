import JSONCore
import Testing

@Suite struct JSONSpliceTests {
    static let configuration: JSONValue = ["@type": "urn:x", "list": [1, 2.5, "a\"b"], "nested": ["k": .null]]

    @Test func fragmentsAreCopiedWhereTheirValuesGo() throws {
        var splice = JSONSplice()
        let encoded = Self.configuration.serializedBytes()
        let document: JSONValue = [
            "items": [
                ["id": "1", "configuration": splice.embed(Self.configuration, encoded: encoded, key: "1")],
                ["id": "2", "configuration": splice.embed(Self.configuration, encoded: encoded, key: "2")],
            ]
        ]
        let (bytes, offsets) = splice.spliced(document)
        #expect(bytes == document.serializedBytes())
        #expect(offsets.count == 2 && offsets[0] < offsets[1])
        for offset in offsets { #expect(Array(bytes[offset..<offset + encoded.count]) == encoded) }
        #expect(splice.keys == ["1", "2"])
    }

    /// What used to mark a fragment was text in the document (`"\u0001fragment:0\u0001"`), so a seller's address
    /// holding it was replaced by a configuration. Fragments are now found by identity: text is only text.
    @Test(arguments: ["\u{1}fragment:0\u{1}", "\u{1}fragment:1\u{1}", "fragment:0"])
    func sellerTextThatLooksLikeAPlaceholderIsWrittenAsText(_ text: String) throws {
        var splice = JSONSplice()
        let place: JSONValue = ["streetName": .string(text), "city": .string(text)]
        let lookalike = try JSONValue(parsing: Self.configuration.serializedBytes())
        let document: JSONValue = [
            "place": place,
            "echo": lookalike,
            "configuration": splice.embed(Self.configuration, encoded: Self.configuration.serializedBytes()),
        ]
        let (bytes, offsets) = splice.spliced(document)
        #expect(bytes == document.serializedBytes())
        #expect(try JSONValue(parsing: bytes)["place"] == place)
        // The configuration went where it was put, not where an equal value from elsewhere is.
        let expected = document.serializedBytes().firstRange(of: Array(#""configuration":"#.utf8))?.upperBound
        #expect(offsets == [expected])
    }

    @Test func valuesThatAreNotObjectsAreWrittenOut() throws {
        var splice = JSONSplice()
        let text: JSONValue = "a string"
        let document: JSONValue = ["a": splice.embed(text, encoded: text.serializedBytes()), "b": [:]]
        let (bytes, offsets) = splice.spliced(document)
        #expect(bytes == document.serializedBytes())
        #expect(offsets == [-1])
    }
}
