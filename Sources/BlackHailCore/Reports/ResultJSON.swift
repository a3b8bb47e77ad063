import Foundation

/// The JSON form of a run result: sorted keys and ISO 8601 dates, so that the same result always gives the
/// same bytes.
package enum ResultJSON {
    package static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    package static func encode(_ result: QuoteRunResult) throws -> String {
        String(decoding: try encoder().encode(result), as: UTF8.self) + "\n"
    }

    package static func decode(_ data: Data) throws -> QuoteRunResult {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(QuoteRunResult.self, from: data)
    }
}
