import BlackHailCore
import JSONCore
import Testing

/// The journal keeps each MEF 139 configuration of a run once and bodies with `null` in their place: what it gives
/// back must be byte for byte what was sent and received.
@Suite struct JournalBodyTests {
    static let first: JSONValue = ["@type": "urn:x", "ipUni": ["rate": 100]]
    static let second: JSONValue = ["@type": "urn:x", "ipUni": ["rate": 200]]

    static func request() -> SplicedBody {
        var splice = JSONSplice()
        let document: JSONValue = [
            "items": [
                [
                    "id": "A~1",
                    "productConfiguration": splice.embed(Self.first, encoded: Self.first.serializedBytes(), key: "A~1"),
                ],
                [
                    "id": "B~1",
                    "productConfiguration": splice.embed(
                        Self.second, encoded: Self.second.serializedBytes(), key: "B~1"),
                ],
            ]
        ]
        return SplicedBody(document, splice: splice)
    }

    static var stored: [String: [UInt8]] {
        ["A~1": Self.first.serializedBytes(), "B~1": Self.second.serializedBytes()]
    }

    @Test func aRequestIsStoredWithoutItsConfigurationsAndExpandsToTheBytesSent() throws {
        let request = Self.request()
        let kept = request.journalBody
        #expect(kept.configurations.map(\.key) == ["A~1", "B~1"])
        #expect(kept.bytes.count < request.bytes.count - 40)
        #expect(try JSONValue(parsing: kept.bytes)[pointer: "/items/0/productConfiguration"] == .null)
        #expect(kept.expanded(with: Self.stored) == request.bytes)
    }

    @Test func anAnswerIsStoredWithoutItsEchoesAndExpandsToTheBytesReceived() throws {
        let request = Self.request()
        let changed: JSONValue = ["@type": "urn:x", "ipUni": ["rate": 50]]
        let answer: JSONValue = [
            "note": #"mentions "productConfiguration": null"#,
            "items": [
                ["id": "B~1", "productConfiguration": Self.second],
                ["id": "A~1", "productConfiguration": Self.first, "extra": "null"],
                ["id": "C", "productConfiguration": changed],
            ],
        ]
        let received = answer.serializedBytes()
        let echoes = request.echoes(in: received)
        #expect(echoes.count == 2)
        #expect(try JSONValue(parsing: received, reusing: request.knownValues(echoes)) == answer)
        let kept = request.journalBody(ofAnswer: received, echoes: echoes)
        #expect(kept.configurations.map(\.key) == ["B~1", "A~1"])
        #expect(kept.expanded(with: Self.stored) == received)
    }

    @Test func referencesSurviveTheJournalsTextForm() {
        let body = JournalBody(
            bytes: Array(#"{"a":null,"b":null}"#.utf8),
            configurations: [
                .init(offset: 5, key: "S 1~2"), .init(offset: 14, key: "T"),
            ])
        let expanded = body.expanded(with: ["S 1~2": Array("[1]".utf8), "T": Array("{}".utf8)])
        #expect(String(decoding: expanded, as: UTF8.self) == #"{"a":[1],"b":{}}"#)
    }
}
