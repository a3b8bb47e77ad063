import Foundation
import JSONCore
import Testing

@Suite("JSONValue parsing")
struct JSONParsingTests {
    @Test func parsesNestedDocumentsAndKeepsKeyOrder() throws {
        let value = try JSONValue(parsing: #" { "z": 1, "a": [true, false, null, "x"], "m": {"k": -2.5} } "#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["z", "a", "m"])
        #expect(value["a"] == [true, false, .null, "x"])
        #expect(value["m"]?["k"] == .number(.double(-2.5)))
        #expect(value["missing"] == nil)
        #expect(value["a"]?[3] == "x")
        #expect(value["a"]?[4] == nil)
    }

    @Test(
        "numbers keep whether their literal was integral",
        arguments: [
            ("0", JSONNumber.integer(0)), ("-0", .integer(0)), ("42", .integer(42)), ("-17", .integer(-17)),
            ("9223372036854775807", .integer(.max)), ("-9223372036854775808", .integer(.min)),
            ("1.0", .double(1.0)), ("1e2", .double(100)), ("1E+2", .double(100)), ("2.5e-3", .double(0.0025)),
            ("0.1", .double(0.1)), ("-0.0", .double(-0.0)), ("123456.789", .double(123456.789)),
            ("9223372036854775808", .double(9_223_372_036_854_775_808)),
            ("1.7976931348623157e308", .double(.greatestFiniteMagnitude)), ("5e-324", .double(.leastNonzeroMagnitude)),
            ("0.30000000000000004", .double(0.30000000000000004)), ("1e400", .double(.infinity)),
        ])
    func numbers(text: String, expected: JSONNumber) throws {
        let parsed = try #require(try JSONValue(parsing: text).numberValue)
        switch (parsed, expected) {
        case (.integer(let a), .integer(let b)):
            #expect(a == b)
        case (.double(let a), .double(let b)):
            #expect(a.bitPattern == b.bitPattern, "\(text) parsed as \(a), expected \(b)")
        default:
            Issue.record("\(text) parsed as \(parsed), expected \(expected)")
        }
    }

    @Test func integralDoublesCountAsIntegersLikeDraft07() throws {
        #expect(try JSONValue(parsing: "1.0").numberValue?.isIntegral == true)
        #expect(try JSONValue(parsing: "1.5").numberValue?.isIntegral == false)
        #expect(try JSONValue(parsing: "1.0") == JSONValue(parsing: "1"))
        #expect(JSONValue.bool(true) != JSONValue.number(.integer(1)))
    }

    @Test func exactComparisonBetweenIntegersAndDoubles() {
        let big = JSONNumber.integer(9_007_199_254_740_993)  // 2^53 + 1, not representable as Double
        #expect(JSONNumber.compare(big, .double(9_007_199_254_740_992)) == 1)
        #expect(JSONNumber.compare(.integer(3), .double(3.5)) == -1)
        #expect(JSONNumber.compare(.integer(-3), .double(-3.5)) == 1)
        #expect(JSONNumber.compare(.integer(4), .double(4)) == 0)
        #expect(JSONNumber.compare(.integer(.max), .double(9.3e18)) == -1)
        #expect(JSONNumber.compare(.double(.nan), .integer(1)) == nil)
    }

    @Test(
        "string escapes",
        arguments: [
            (#""a\"b""#, "a\"b"), (#""a\\b""#, "a\\b"), (#""a\/b""#, "a/b"), (#""\b\f\n\r\t""#, "\u{8}\u{C}\n\r\t"),
            (#""\u00e9""#, "é"), (#""\u00E9t\u00e9""#, "été"), (#""\ud83d\ude00""#, "😀"), (#""\u0000""#, "\u{0}"),
            ("\"é😀\"", "é😀"), (#""""#, ""),
        ])
    func escapes(text: String, expected: String) throws {
        #expect(try JSONValue(parsing: text) == .string(expected))
    }

    @Test func codePointsNotCanonicalEquivalence() throws {
        // "é" precomposed and decomposed are equal Swift strings but different JSON strings.
        let composed = try JSONValue(parsing: #""\u00e9""#)
        let decomposed = try JSONValue(parsing: #""e\u0301""#)
        #expect(composed != decomposed)
        let object = try JSONValue(parsing: #"{"\u00e9": 1, "e\u0301": 2}"#)
        #expect(object.objectValue?.count == 2)
    }

    @Test func duplicateKeysKeepFirstPositionAndLastValue() throws {
        let value = try JSONValue(parsing: #"{"a": 1, "b": 2, "a": 3}"#)
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value["a"] == 3)
        // Wide objects use a hash index for the same rule.
        let members = (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ",")
        let wide = try JSONValue(parsing: "{\(members), \"k5\": \"again\"}")
        #expect(wide.objectValue?.count == 40)
        #expect(wide["k5"] == "again")
        #expect(wide.objectValue?.index(forKey: "k5") == 5)
    }

    @Test func skipsAByteOrderMarkAndParsesFromBytesAndData() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"a":[1]}"#.utf8)
        #expect(try JSONValue(parsing: bytes) == ["a": [1]])
        #expect(try JSONValue(parsing: Data(bytes)) == ["a": [1]])
        #expect(try JSONValue(parsing: bytes[3...]) == ["a": [1]])
    }

    @Test(
        "malformed input is rejected with the reason",
        arguments: [
            ("", JSONParseError.Reason.emptyInput), ("   ", .emptyInput),
            ("[1,]", .unexpectedCharacter(found: 93, expected: "a value")),
            ("01", .invalidNumber), ("1.", .invalidNumber),
            (".5", .unexpectedCharacter(found: 46, expected: "a value")),
            ("+1", .unexpectedCharacter(found: 43, expected: "a value")), ("-", .invalidNumber), ("1e", .invalidNumber),
            ("NaN", .unexpectedCharacter(found: 78, expected: "a value")), ("{} x", .trailingContent),
            (#""\x""#, .invalidEscape), (#""\u12""#, .invalidUnicodeEscape), (#""\ud83d""#, .unpairedSurrogate),
            (#""\ude00""#, .unpairedSurrogate), (#""\ud83d\u0041""#, .unpairedSurrogate),
            ("\"a\nb\"", .controlCharacterInString),
            ("\"abc", .unexpectedEnd(expected: "'\"' to close the string")),
            ("tru", .unexpectedEnd(expected: "'true'")),
            ("{'a': 1}", .unexpectedCharacter(found: 39, expected: "an object key in double quotes")),
            (#"{"a" 1}"#, .unexpectedCharacter(found: 49, expected: "':' after an object key")),
        ])
    func malformed(text: String, reason: JSONParseError.Reason) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
        do {
            _ = try JSONValue(parsing: text)
        } catch {
            #expect(error.reason == reason)
        }
    }

    @Test func invalidUTF8IsRejected() {
        let bytes: [UInt8] = [0x22, 0xC3, 0x28, 0x22]
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: bytes) }
    }

    @Test func errorsCarryLineAndColumn() throws {
        let text = "{\n  \"a\": 1,\n  \"b\" 2\n}"
        let error = try #require(throws: JSONParseError.self) { try JSONValue(parsing: text) }
        #expect(error.line == 3)
        #expect(error.column == 7)
        #expect(error.offset == 18)
        #expect(error.description == "line 3, column 7: expected ':' after an object key, found '2'")
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let error = try #require(throws: JSONParseError.self) { try JSONValue(parsing: "[\"é\", x]") }
        #expect(error.line == 1)
        #expect(error.column == 7)
        #expect(error.offset == 7)
    }

    @Test func deepNestingIsRejectedNotCrashing() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let error = try? #require(throws: JSONParseError.self) { try JSONValue(parsing: deep) }
        #expect(error?.reason == .tooDeeplyNested(limit: JSONValue.maximumNestingDepth))
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: Never.self) { try JSONValue(parsing: fine) }
    }
}

@Suite("JSONValue serialization, equality and pointers")
struct JSONValueTests {
    @Test func roundTripsKeepingOrderAndNumberKinds() throws {
        let text = #"{"z":1,"a":[1.0,2.5,-3,1e+30,true,null],"s":"t\"\\\n\u0001é😀"}"#
        let value = try JSONValue(parsing: text)
        #expect(value.serialized() == text)
        #expect(try JSONValue(parsing: value.serialized(pretty: true)) == value)
        #expect(JSONValue.number(.double(.infinity)).serialized() == "1e999")
    }

    @Test func prettyPrintingIndentsByTwoSpaces() {
        let value: JSONValue = ["a": [1, 2], "b": [:], "c": []]
        #expect(value.serialized(pretty: true) == "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {},\n  \"c\": []\n}")
    }

    @Test func objectEqualityIgnoresOrderAndHashesAlike() throws {
        let one = try JSONValue(parsing: #"{"a": 1, "b": [1, 2]}"#)
        let two = try JSONValue(parsing: #"{"b": [1.0, 2], "a": 1.0}"#)
        #expect(one == two)
        #expect(one.hashValue == two.hashValue)
        #expect(Set([one, two]).count == 1)
        #expect(one != (try JSONValue(parsing: #"{"a": 1, "b": [2, 1]}"#)))
    }

    @Test func objectsCanBeEdited() {
        var object: JSONObject = ["a": 1, "b": 2]
        object["c"] = 3
        object["a"] = "one"
        object["b"] = nil
        #expect(object.keys == ["a", "c"])
        #expect(object["a"] == "one")
        #expect(object.removeValue(forKey: "c") == 3)
        #expect(object.count == 1)
    }

    @Test func pointerLookup() throws {
        let value = try JSONValue(parsing: #"{"a": [{"b/c": 1, "d~e": 2}], "": 3}"#)
        #expect(value[pointer: ""] == value)
        #expect(value[pointer: "/a/0/b~1c"] == 1)
        #expect(value[pointer: "/a/0/d~0e"] == 2)
        #expect(value[pointer: "/"] == 3)
        #expect(value[pointer: "/a/1"] == nil)
        #expect(value[pointer: "/a/00"] == nil)
        #expect(value[pointer: "a"] == nil)
        #expect(value[pointer: "/a/0/x~2"] == nil)
        #expect(JSONPointer(tokens: ["a/b", "~", "0"]).description == "/a~1b/~0/0")
        #expect(JSONPointer("/a~1b/~0")?.tokens == ["a/b", "~"])
    }
}

/// A bound on how many values a document holds, for text whose parsed form must stay small.
@Suite struct JSONValueCountBoundTests {
    @Test(arguments: [("[0,0,0]", 4), ("{\"a\":[1,{\"b\":null}]}", 5), ("7", 1)])
    func aDocumentWithinTheBoundParses(_ text: String, _ values: Int) throws {
        let value = try JSONValue(parsing: Array(text.utf8), reusing: [], maximumValues: values)
        #expect(value == (try JSONValue(parsing: text)))
    }

    @Test(arguments: [("[0,0,0]", 3), ("{\"a\":[1,{\"b\":null}]}", 4), ("7", 0)])
    func oneValueMoreIsRefusedWithTheLimit(_ text: String, _ limit: Int) {
        #expect(throws: JSONParseError.self) {
            try JSONValue(parsing: Array(text.utf8), reusing: [], maximumValues: limit)
        }
        do {
            _ = try JSONValue(parsing: Array(text.utf8), reusing: [], maximumValues: limit)
        } catch {
            #expect(error.reason == .tooManyValues(limit: limit))
            #expect(error.explanation == "the document holds more than \(limit) values")
        }
    }

    @Test func aHugeArrayStopsAtTheBoundWithoutReadingOn() {
        let text = Array(("[" + String(repeating: "0,", count: 1_000_000) + "0]").utf8)
        do {
            _ = try JSONValue(parsing: text, reusing: [], maximumValues: 1_000)
            Issue.record("a million values parsed under a bound of 1,000")
        } catch {
            #expect(error.reason == .tooManyValues(limit: 1_000))
            #expect(error.offset == 1 + 2 * 999)
        }
    }
}

/// `JSONValue.measuring`: the longest string parsed bounds every string in the value but the known ones.
@Suite struct JSONLongestStringTests {
    @Test func keysValuesAndEscapesCountAsWrittenAndKnownValuesNot() throws {
        let key = String(repeating: "k", count: 40)
        let text = #"{"a":"short","\#(key)":1,"e":"\u00e9\n","known":"\#(String(repeating: "x", count: 90))"}"#
        let start = try #require(text.range(of: "\"xxx")).lowerBound.utf16Offset(in: text)
        let known = JSONValue.KnownValue(range: start..<(start + 92), value: "taken as given")
        let (value, longest) = try JSONValue.measuring(Array(text.utf8), reusing: [known])
        #expect(longest == 40)
        #expect(value["known"] == "taken as given")
        #expect(try JSONValue.measuring(Array(text.utf8)).longestString == 90)
        // "\u00e9\n" is 8 bytes of text for 3 of UTF-8: the bound is the text's.
        #expect(try JSONValue.measuring(Array(#"["\u00e9\n"]"#.utf8)).longestString == 8)
    }
}
