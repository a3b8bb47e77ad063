import Foundation
import JSONCore
import MEF139
import NIOCore
import NIOHTTP1
import TestSupport
import Testing

@testable import BlackHailCore

/// Answers a seller controls, bounded and kept with their meaning: error pages keep their status, sizes are cut
/// with a visible mark, redirects are reported and never followed (token requests included).
@Suite struct HostileAnswerTests {
    static func page(_ status: Int, _ text: String, type: String = "text/html") -> TransportResponse {
        TransportResponse(
            status: status, headers: HTTPHeaders([("Content-Type", type)]), body: ByteBuffer(string: text))
    }

    static let nginx501 =
        "<html>\r\n<head><title>501 Not Implemented</title></head>\r\n<body>\r\n<center><h1>501 Not Implemented"
        + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"

    @Test(arguments: [
        (501, nginx501, "501 Not Implemented"), (404, "No such route\n", "No such route"),
        (502, "<p>Bad\tgateway</p>", "Bad gateway"),
    ])
    func aNonJSONErrorAnswerKeepsItsStatus(_ status: Int, _ body: String, _ summary: String) async throws {
        try await SonataClientTests.withJournal { journal, exchanges in
            let transport = ScriptedTransport { _ in Self.page(status, body) }
            let client = SonataClientTests.client(
                transport, retry: RetryPolicy(maximumAttempts: 2, baseDelay: .zero, maximumDelay: .zero),
                exchanges: exchanges)
            let reply = try await client.send(SonataClientTests.listPOQs)
            #expect(reply.status == status)
            #expect(SellerSession.describe(reply) == "HTTP \(status): non-JSON answer: \(summary)")
            // 4xx and 501 are the answer (sent once); 502 is retried as unavailability, never as malformed.
            let attempts = status == 502 ? 2 : 1
            #expect(transport.log.requests.count == attempts)
            #expect(client.requestCounts.replies == attempts)
            // The journal has the status and the page as it came.
            exchanges.flush()
            let recorded = try journal.exchanges(runId: SonataClientTests.runId)
            #expect(recorded.map(\.status) == Array(repeating: status, count: attempts))
            #expect(recorded.last?.isFinal == true)
        }
    }

    @Test func aNonJSONSuccessIsStillMalformed() async throws {
        let transport = ScriptedTransport { _ in Self.page(200, "<html>ok</html>") }
        let client = SonataClientTests.client(transport, retry: RetryPolicy(maximumAttempts: 1))
        await #expect(throws: SonataFailure.self) { try await client.send(SonataClientTests.listPOQs) }
    }

    @Test func hugeStringsInAnAnswerAreCutWithAMark() async throws {
        let huge = String(repeating: "é", count: 3_000_000)
        let transport = ScriptedTransport { _ in
            .json(200, ["id": .string(huge), "note": .string(huge), "items": [["id": .string(huge)]], huge: 1])
        }
        let reply = try await SonataClientTests.client(transport).send(SonataClientTests.listPOQs)
        let id = try #require(reply.body["id"]?.stringValue)
        #expect(id.count == SellerText.maximumIdLength)
        #expect(id.hasSuffix(SellerText.truncationMark))
        #expect(reply.body["note"]?.stringValue?.count == SellerText.maximumReasonLength)
        #expect(reply.body["items"]?[0]?["id"]?.stringValue?.count == SellerText.maximumIdLength)
        #expect(reply.body.objectValue?.keys.allSatisfy { $0.count <= SellerText.maximumIdLength } == true)
    }

    /// Answers whose strings are all within the shortest bound are not walked (`JSONValue.measuring`): one byte
    /// over it, in an id or a key, must still be cut.
    @Test(arguments: [SellerText.maximumIdLength, SellerText.maximumIdLength + 1])
    func anIdOrKeyAtTheBoundIsKeptAndOneOverIsCut(_ length: Int) async throws {
        let text = String(repeating: "i", count: length)
        let transport = ScriptedTransport { _ in .json(200, ["id": .string(text), "items": [[text: 1]]]) }
        let reply = try await SonataClientTests.client(transport).send(SonataClientTests.listPOQs)
        let over = length > SellerText.maximumIdLength
        #expect(reply.body["id"]?.stringValue?.count == SellerText.maximumIdLength)
        #expect(reply.body["id"]?.stringValue?.hasSuffix(SellerText.truncationMark) == over)
        #expect(reply.body["items"]?[0]?.objectValue?.keys.first?.count == SellerText.maximumIdLength)
    }

    @Test func aHugeErrorReasonIsCutInTheDescription() {
        let reply = SonataReply(
            status: 400, headers: [:], body: ["reason": .string(String(repeating: "r", count: 5_000_000))], attempts: 1)
        let text = SellerSession.describe(reply)
        #expect(text.count <= SellerText.maximumReasonLength + 20)
        #expect(text.hasSuffix(SellerText.truncationMark))
    }

    @Test func aRedirectIsReportedWithWhereItPointed() {
        let reply = SonataReply(
            status: 307, headers: HTTPHeaders([("Location", "https://elsewhere.example/\u{1B}[2Jx")]), body: .null,
            attempts: 1)
        #expect(
            SellerSession.describe(reply) == "HTTP 307: redirect to https://elsewhere.example/ [2Jx not followed")
    }

    /// A token endpoint that redirects gets the credentials once, at the profile's URL, and the redirect's target
    /// never gets them.
    @Test(arguments: [301, 302, 307, 308])
    func aRedirectingTokenEndpointIsRefusedNotFollowed(_ status: Int) async throws {
        let transport = ScriptedTransport { request in
            guard request.url.hasSuffix("/oauth2/token") else { return .json(200, []) }
            return TransportResponse(
                status: status, headers: HTTPHeaders([("Location", "https://attacker.example/token")]))
        }
        let client = SonataClientTests.client(
            transport, profile: SonataClientTests.oauthSeller, environment: ["SECRET": "s3cret"])
        await #expect {
            try await client.send(SonataClientTests.listPOQs)
        } throws: { error in
            "\(error)".contains("HTTP \(status): redirect not followed")
        }
        let requests = transport.log.requests
        #expect(requests.count == 1)
        #expect(requests.allSatisfy { !$0.url.contains("attacker") })
    }
}

@Suite struct SellerTextTests {
    @Test func shortTextIsKeptAndControlCharactersBecomeSpaces() {
        #expect(SellerText.bounded("plain") == "plain")
        #expect(SellerText.bounded("a\u{1B}[31mb\r\nc\u{202E}d") == "a [31mb c d")
    }

    @Test func longTextIsCutToTheLimitWithAMark() {
        let cut = SellerText.bounded(String(repeating: "x", count: 10_001), limit: 10)
        #expect(cut == "xxxxxxxxx…")
        #expect(SellerText.bounded("exactly10!", limit: 10) == "exactly10!")
    }

    @Test func warningsAreCountedBeyondTheLimit() {
        let warnings = (0..<1_000).map { "warning \($0)" }
        let kept = SellerText.warnings(warnings)
        #expect(kept.count == SellerText.maximumWarnings)
        #expect(kept.last == "\(1_000 - SellerText.maximumWarnings + 1) more warnings left out")
    }
}

/// A seller proposing many alternates for one POQ item gets only the first few quoted: each becomes a quote item,
/// so thousands of proposals would multiply the run's requests.
@Suite struct AlternateProposalBoundTests {
    static func item(proposals count: Int) -> JSONValue {
        let proposals = (0..<count).map { index -> JSONValue in
            [
                "id": .string("alt-\(index)"),
                "alternateProduct": [
                    "productOffering": ["id": "offering"],
                    "productConfiguration": ["bandwidth": .number(.integer(100))],
                ],
            ]
        }
        return ["alternateProductOfferingProposal": .array(proposals)]
    }

    @Test(arguments: [0, 1, SellerSession.maximumAlternates])
    func proposalsWithinTheBoundAreAllQuoted(_ count: Int) {
        var reader = TolerantReader()
        let alternates = SellerSession.alternates(of: Self.item(proposals: count), reader: &reader)
        #expect(alternates.map(\.id) == (0..<count).map { "alt-\($0)" })
        #expect(reader.warnings.isEmpty)
    }

    @Test(arguments: [SellerSession.maximumAlternates + 1, 5_000])
    func proposalsBeyondTheBoundAreCutWithAWarning(_ count: Int) {
        var reader = TolerantReader()
        let alternates = SellerSession.alternates(of: Self.item(proposals: count), reader: &reader)
        #expect(alternates.map(\.id) == (0..<SellerSession.maximumAlternates).map { "alt-\($0)" })
        #expect(
            reader.warnings == [
                "\(count) alternate proposals for one POQ item; the first \(SellerSession.maximumAlternates) are quoted"
            ])
    }
}
