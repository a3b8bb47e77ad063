import Foundation
import Testing

@testable import JSONCore

@Suite struct JSONWriterTests {
    /// The layout pinned byte for byte: result files written before the writer existed must come out the same.
    @Test func writesThePrettyLayoutOfTheSerializer() throws {
        var json = JSONWriter(pretty: true)
        json.beginObject()
        json.member("array", ["a", "b"])
        json.member("emptyArray", [String]())
        json.key("emptyObject")
        json.beginObject()
        json.endObject()
        json.key("nested")
        json.beginArray()
        json.beginObject()
        json.member("flag", false)
        json.key("nothing")
        json.null()
        json.endObject()
        json.beginArray()
        json.endArray()
        json.number(.double(0.1))
        json.endArray()
        json.key("numbers")
        json.beginArray()
        for number in [1.0, 2.5, 1e30, -0.000_01, .infinity] { json.number(.double(number)) }
        json.number(.integer(-42))
        json.endArray()
        json.key("text \"quoted\"")
        json.string("\u{0}\u{1F}\t\n\r\u{8}\u{C}\\/ é 東京 😀")
        json.endObject()
        let expected = #"""
            {
              "array": [
                "a",
                "b"
              ],
              "emptyArray": [],
              "emptyObject": {},
              "nested": [
                {
                  "flag": false,
                  "nothing": null
                },
                [],
                0.1
              ],
              "numbers": [
                1.0,
                2.5,
                1e+30,
                -1e-05,
                1e999,
                -42
              ],
              "text \"quoted\"": "\u0000\u001f\t\n\r\b\f\\/ é 東京 😀"
            }
            """#
        #expect(String(decoding: json.bytes, as: UTF8.self) == expected)
        // DEL is not a control character to JSON.
        var delete = JSONWriter()
        delete.string("\u{7F}")
        #expect(delete.bytes == [0x22, 0x7F, 0x22])
    }

    @Test func writesCompactlyAndWholeValuesInTheirOrder() throws {
        let value = try JSONValue(parsing: #"{"z":[1,2.5,{"b":null,"a":true}],"a":{},"s":"\"\\\u0001"}"#)
        var json = JSONWriter()
        json.value(value)
        #expect(
            String(decoding: json.bytes, as: UTF8.self) == #"{"z":[1,2.5,{"b":null,"a":true}],"a":{},"s":"\"\\\u0001"}"#
        )
        #expect(json.bytes == value.serializedBytes())
    }

    @Test func membersOfNilAreLeftOut() throws {
        var json = JSONWriter()
        json.beginObject()
        json.member("a", ifPresent: String?.none)
        json.member("b", ifPresent: Int?.none)
        json.member("c", ifPresent: Double?.none)
        try json.member("d", ifPresent: Decimal?.none)
        json.member("e", ifPresent: Int?(1))
        json.endObject()
        #expect(String(decoding: json.bytes, as: UTF8.self) == #"{"e":1}"#)
    }

    @Test func aDecimalADoubleDoesNotKeepIsWrittenDigitForDigit() throws {
        var json = JSONWriter()
        json.beginArray()
        try json.decimal(Decimal(1000) / 3)
        try json.decimal(Decimal(string: "1234.50")!)
        try json.decimal(Decimal(string: "-12345678901234567890.125")!)
        json.endArray()
        #expect(
            String(decoding: json.bytes, as: UTF8.self)
                == "[\(Decimal(1000) / 3),1234.5,-12345678901234567890.125]")
        #expect(throws: EncodingError.self) { try json.decimal(.nan) }
    }

    /// Foundation's style, which NDJSON lines keep: what `JSONEncoder` writes for the same numbers and text.
    @Test func theFoundationStyleIsWhatJSONEncoderWrites() throws {
        struct Sample: Encodable {
            var doubles: [Double] = [21, -0.0, 0.1, 1e16, 1e21, 1e-7, 99.95, 123_456_789, 1e300, 2.5e-300]
            var decimals: [Decimal] = [
                0, 604.87, 21_775, Decimal(1000) / 3, Decimal(string: "1e20")!, Decimal(string: "1e-20")!,
                Decimal(string: "100.10")!, Decimal(string: "-12.5")!,
            ]
            var integers: [Int] = [0, -1, .max, .min]
            var text = "\u{0}\u{1F}\u{7F} \t\n\r\u{8}\u{C} \\ / \"q\" \u{2028} é 😀"
        }
        let sample = Sample()
        var json = JSONWriter(numbers: .foundation)
        json.beginObject()
        json.key("decimals")
        json.beginArray()
        for decimal in sample.decimals { try json.decimal(decimal) }
        json.endArray()
        json.key("doubles")
        json.beginArray()
        for double in sample.doubles { json.number(.double(double)) }
        json.endArray()
        json.key("integers")
        json.beginArray()
        for integer in sample.integers { json.number(.integer(Int64(integer))) }
        json.endArray()
        json.member("text", sample.text)
        json.endObject()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(
            String(decoding: json.bytes, as: UTF8.self) == String(decoding: try encoder.encode(sample), as: UTF8.self))
    }

    /// The shortcut gives what the exact check through text gives, wherever it answers.
    @Test func shortDecimalsAgreeWithTheExactCheck() throws {
        var decimals: [Decimal] = [
            1, -1, 0.5, 100, 1_000_000, 12_000, -250.75, 0.01, 0.000_01, 1e-22, 1e-23, 1e15, 1e16,
            9_007_199_254_740_992, 9_007_199_254_740_993, 1_234_567_890_123.45, 12_345_678_901_234.56,
            999_999_999_999_999, 99_999_999_999_999.9, Decimal(string: "100.10")!, Decimal(string: "0.30")!,
            Decimal(1000) / 3, Decimal(2) / 3 * 3, Decimal(string: "1e20")!, Decimal(string: "1e-30")!,
            Decimal(sign: .plus, exponent: 3, significand: 12), Decimal(sign: .minus, exponent: -5, significand: 4),
        ]
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let length = Int.random(in: 1...18, using: &random)
            let digits = Int64.random(in: 1...(0..<length).reduce(1) { power, _ in power * 10 }, using: &random)
            let exponent = Int.random(in: -24...6, using: &random)
            let sign: FloatingPointSign = Bool.random(using: &random) ? .plus : .minus
            decimals.append(Decimal(sign: sign, exponent: exponent, significand: Decimal(digits)))
            decimals.append(Decimal(Int.random(in: -10_000_000...10_000_000, using: &random)) / 100)
        }
        var shortcuts = 0
        for decimal in decimals where !decimal.isZero {
            guard let short = JSONNumber.shortDecimal(decimal) else { continue }
            shortcuts += 1
            let exact = JSONNumber.decimalThroughText(decimal)
            #expect(exact?.description == short.description, "\(decimal)")
            #expect(JSONNumber(exactly: decimal)?.description == exact?.description, "\(decimal)")
        }
        #expect(shortcuts > decimals.count / 2)
        #expect(JSONNumber.shortDecimal(Decimal(1000) / 3) == nil)
        #expect(JSONNumber(exactly: Decimal(1000) / 3) == nil)
        #expect(JSONNumber(exactly: 0)?.description == "0")
        #expect(JSONNumber(exactly: Decimal(string: "1e20")!)?.description == "1e+20")
    }
}
