import BlackHailCore
import Foundation
import JSONCore
import Testing

/// The offer as the result writer writes it (member by member, the fast path of large results) is exactly its
/// `Codable` form.
@Suite struct OfferJSONTests {
    static func offer(full: Bool) throws -> Offer {
        var text = #"""
            {"siteId":"S","sellerId":"x","sellerName":"X <&>","product":"basic","requestedDownstream":100000000,
             "requestedUpstream":20000000,"requestedTermMonths":36,"downstream":100000000,"upstream":20000000,
             "monthlyRecurring":{"amount":604.87,"currency":"USD"},"nonRecurring":{"amount":0,"currency":"USD"},
             "quoteLevel":"firm","quoteState":"approved.orderable","orderable":true,"isAlternate":false,
             "quoteId":"Q","quoteItemId":"S~1~36m","poqId":"P","poqItemId":"S~1","warnings":["a","b"]}
            """#
        if full {
            text = text.replacingOccurrences(
                of: #""warnings":["a","b"]}"#,
                with: #""warnings":["a","b"],"productOfferingId":"O","termMonths":36,"#
                    + #""totalCost":{"amount":21775.32,"currency":"USD"},"installDays":28,"slaUptime":99.95,"#
                    + #""converted":{"currency":"EUR","monthlyRecurring":560.07,"nonRecurring":0,"total":20162.52},"#
                    + #""confidence":"yellow","validUntil":"2027-01-13T08:21:25.123Z","alternateProposalId":"alt"}"#)
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601withFractions
        return try decoder.decode(Offer.self, from: Data(text.utf8))
    }

    @Test(arguments: [false, true])
    func theWriterMatchesCodable(full: Bool) throws {
        let offer = IdentifiedOffer(try Self.offer(full: full))
        var json = JSONWriter(pretty: true)
        try offer.write(to: &json)
        #expect(json.bytes == (try CodableForms.tree(offer)).serializedBytes(pretty: true))
        let viaFoundation = try JSONValue(parsing: [UInt8](CodableForms.foundationEncoder().encode(offer)))
        let written = try JSONValue(parsing: json.bytes)
        #expect(written == viaFoundation)
        #expect(written.objectValue?.keys == viaFoundation.objectValue?.keys.sorted())
    }
}

extension JSONDecoder.DateDecodingStrategy {
    static var iso8601withFractions: Self {
        .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = ResultJSON.parse(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: text))
            }
            return date
        }
    }
}
