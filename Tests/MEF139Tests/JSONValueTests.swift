import MEF139
import Testing

@Suite struct JSONValueTests {
    @Test func parsesAndWritesBackTheSameDocument() throws {
        let text = #"{"a":[1,2.5,-3e2,true,false,null],"b":{"c":"d\"e\\f\n\u00e9\ud83d\ude00"},"z":0}"#
        let value = try JSONValue(parsing: text)
        #expect(value["a"]?[0] == .integer(1))
        #expect(value["a"]?[1] == .double(2.5))
        #expect(value["a"]?[2] == .double(-300))
        #expect(value["b"]?["c"]?.stringValue == "d\"e\\f\né😀")
        #expect(try JSONValue(parsing: value.serialized) == value)
        #expect(value.objectValue?.keys == ["a", "b", "z"])
    }

    @Test(arguments: [
        ("{\"a\":1,}", 1, 8),
        ("[1,\n 2,\n x]", 3, 2),
        ("\"abc", 1, 1),
        ("{\"a\" 1}", 1, 6),
        ("01", 1, 1),
        ("[1] 2", 1, 5),
        ("\"\\ud800\"", 1, 8),
    ])
    func reportsWhereTheTextIsBroken(text: String, line: Int, column: Int) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
        do {
            _ = try JSONValue(parsing: text)
        } catch {
            #expect(error.line == line)
            #expect(error.column == column)
        }
    }

    @Test func rejectsAbsurdNesting() {
        let text = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    @Test func looksUpJSONPointers() throws {
        let value = try JSONValue(parsing: #"{"a/b":[{"~k":3}]}"#)
        #expect(value.value(at: "/a~1b/0/~0k") == .integer(3))
        #expect(value.value(at: "/a~1b/1") == nil)
        #expect(value.value(at: "") == value)
    }
}
