import MEF139
import Testing

@Suite struct JSONSpliceTests {
    @Test func fragmentsReplaceTheirPlaceholdersExactly() throws {
        let configuration: JSONValue = ["@type": "urn:x", "list": [1, 2.5, "a\"b"], "nested": ["k": .null]]
        var splice = JSONSplice()
        let document: JSONValue = [
            "items": [
                ["id": "1", "configuration": splice.embed(configuration.serializedBytes())],
                ["id": "2", "configuration": splice.embed(configuration.serializedBytes()), "note": "fragment:0"],
            ]
        ]
        let (bytes, offsets) = splice.spliced(document)
        let expected: JSONValue = [
            "items": [
                ["id": "1", "configuration": configuration],
                ["id": "2", "configuration": configuration, "note": "fragment:0"],
            ]
        ]
        #expect(try JSONValue(parsing: bytes) == expected)
        #expect(bytes == expected.serializedBytes())
        let fragment = configuration.serializedBytes()
        for offset in offsets { #expect(Array(bytes[offset..<offset + fragment.count]) == fragment) }
    }
}
