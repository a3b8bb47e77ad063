import JSONCore
import PropertyBased
import Testing

@Suite struct JSONSharedPartsTests {
    /// A configuration-like value: a few parts every site has alike, one that varies with `bandwidth`, one per site.
    static func configuration(site: String, bandwidth: Int) -> JSONValue {
        [
            "@type": "urn:x",
            "sla": ["period": ["value": 1, "units": "MONTH"], "uptime": [["objective": 99.5]]],
            "uni": ["ingress": [["maxIr": ["value": .integer(Int64(bandwidth)), "units": "MBPS"]]], "egress": []],
            "link": ["identifier": .string("UNIAL.\(site)"), "l2": ["demux": []]],
        ]
    }

    @Test func equalPartsAreHeldOnceAndEachValueEncodesAsBefore() throws {
        var parts = JSONSharedParts()
        let values = (0..<6).map { Self.configuration(site: "S\($0)", bandwidth: $0 % 2 == 0 ? 100 : 200) }
        let shared = values.map { parts.sharing($0) }
        for (value, sharedValue) in zip(values, shared) {
            #expect(sharedValue.serializedBytes() == value.serializedBytes())
            #expect(sharedValue == value)
        }
        func identity(_ value: JSONValue, _ key: String) -> UnsafeRawPointer? {
            value[key]?.objectValue?.storageIdentity
        }
        // Alike everywhere: one storage. Alike per bandwidth: one per bandwidth. Per site: one each.
        #expect(Set(shared.map { identity($0, "sla") }).count == 1)
        #expect(Set(shared.map { identity($0, "uni") }).count == 2)
        #expect(Set(shared.map { identity($0, "link") }).count == 6)
        #expect(Set(shared.map { $0["link"]?["l2"]?.objectValue?.storageIdentity }).count == 1)
        // The values themselves keep storage of their own (JSONSplice finds fragments by it), even when equal.
        let twin = parts.sharing(values[0])
        #expect(twin.objectValue?.storageIdentity != shared[0].objectValue?.storageIdentity)
    }

    /// Equal as JSON is not enough: `1` and `1.0`, or the same members in another order, encode differently, and
    /// what is sent must be what the value encodes to.
    @Test func partsThatEncodeDifferentlyStayApart() {
        var parts = JSONSharedParts()
        let integral: JSONValue = ["a": ["n": 1, "m": 2]]
        let double: JSONValue = ["a": ["n": 1.0, "m": 2]]
        let reordered: JSONValue = ["a": ["m": 2, "n": 1]]
        let shared = [integral, double, reordered].map { parts.sharing($0) }
        #expect(shared.map { $0.serializedBytes() } == [integral, double, reordered].map { $0.serializedBytes() })
        #expect(Set(shared.map { $0["a"]?.objectValue?.storageIdentity }).count == 3)
    }

    @Test func anyValuesReadAndEncodeAsTheyDid() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...99).array(of: 0...120)) { choices in
            var parts = JSONSharedParts()
            // Values from overlapping runs of the same choices, so that they have parts in common.
            for start in [0, 0, 5, 11, 5] {
                var stream = Choices(values: Array(choices.dropFirst(start)))
                let value = Self.value(&stream, depth: 0)
                let shared = parts.sharing(value)
                #expect(shared.serializedBytes() == value.serializedBytes())
                #expect(shared == value)
            }
        }
    }

    /// Decisions taken in turn, 0 once they run out.
    struct Choices {
        var values: [Int]
        var next = 0

        mutating func take(_ count: Int) -> Int {
            defer { next += 1 }
            return next < values.count ? values[next] % count : 0
        }
    }

    static func value(_ choices: inout Choices, depth: Int) -> JSONValue {
        switch choices.take(depth > 3 ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(choices.take(2) == 0)
        case 2: return .integer(Int64(choices.take(5)))
        case 3: return .number(.double(Double(choices.take(5)) / 2))
        case 4: return .string(["a", "b", "a long string of more than fifteen bytes"][choices.take(3)])
        case 5: return .array((0..<choices.take(4)).map { _ in value(&choices, depth: depth + 1) })
        default:
            let keys = ["k", "l", "m", "n"].prefix(choices.take(5)).map { _ in ["k", "l", "m", "n"][choices.take(4)] }
            return .object(JSONObject(keys.map { ($0, value(&choices, depth: depth + 1)) }))
        }
    }
}
