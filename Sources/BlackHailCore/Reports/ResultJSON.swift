import Foundation
import JSONCore

/// The JSON form of a run result (`schemas/quote-result.schema.json`): sorted keys and ISO 8601 UTC dates to the
/// millisecond, so that the same result always gives the same bytes.
package enum ResultJSON {
    /// The result document, pretty-printed: written member by member straight into bytes (`ResultJSON+Writing.swift`),
    /// many times faster than Foundation's encoder on Linux for results with tens of thousands of offers. Amounts are
    /// exact: one with more digits than a `Double` keeps (never one blackhail rounded to the cent) is written digit
    /// for digit.
    package static func encode(_ result: QuoteRunResult) throws -> String {
        String(decoding: try encodeData(result), as: UTF8.self)
    }

    /// `encode(_:)` as bytes, for writing a large result to a file and the journal without copies.
    package static func encodeData(_ result: QuoteRunResult) throws -> Data {
        var bytes = try document(result)
        bytes.append(UInt8(ascii: "\n"))
        return Data(bytes)
    }

    /// `encodeData(_:)` streamed to `sink` in parts of about `ResultJSON.partSize`, the same bytes: a run's result
    /// is never held whole in memory on its way to a file (hundreds of megabytes at ten thousand sites).
    package static func write(
        _ result: QuoteRunResult, partSize: Int = partSize, to sink: ([UInt8]) throws -> Void
    ) throws {
        var json = JSONWriter(pretty: true, reservingCapacity: partSize + 64 * 1024)
        try result.write(to: &json) { json in try json.drain(atLeast: partSize, into: sink) }
        try json.drain(atLeast: 0) { try sink($0 + [UInt8(ascii: "\n")]) }
    }

    /// The JSON document written to a new file at `url` as it is made (`write(_:to:)`).
    package static func write(_ result: QuoteRunResult, toFile url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
            let handle = FileHandle(forWritingAtPath: url.path)
        else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path]) }
        defer { try? handle.close() }
        try write(result) { try handle.write(contentsOf: $0) }
    }

    /// How much of a streamed document is held before it goes out.
    package static let partSize = 1 << 20

    /// The document's bytes, from a writer that is gone by the time the caller appends (no copy of the buffer).
    private static func document(_ result: QuoteRunResult) throws -> [UInt8] {
        var json = JSONWriter(pretty: true, reservingCapacity: estimatedSize(result))
        try result.write(to: &json)
        return json.bytes
    }

    /// A little more than the document takes (an offer is about 1.2 KB), so that the buffer is not regrown and
    /// copied along the way.
    private static func estimatedSize(_ result: QuoteRunResult) -> Int {
        4_096 + 1_400 * result.offers.count + 200 * result.outcomes.count + 1_024 * result.rankings.count
            + 256 * (result.sites.count + result.pairs.count)
    }

    /// Reads a saved result. A result written by a newer blackhail with a schema version this one does not know
    /// is refused rather than misread.
    ///
    /// Through Foundation's `Decodable`, unlike everything else blackhail reads: the file is one blackhail wrote (not
    /// a seller's answer), read once per `blackhail report`, and its decoder reads decimals digit for digit.
    package static func decode(_ data: Data) throws(ResultJSONError) -> QuoteRunResult {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "\"\(text)\" is not an ISO 8601 date-time")
            }
            return date
        }
        let version: Int?
        do {
            version = try decoder.decode(VersionProbe.self, from: data).schemaVersion
        } catch DecodingError.typeMismatch {
            throw .noSchemaVersion
        } catch {
            throw .notJSON(describe(error))
        }
        guard let version else { throw .noSchemaVersion }
        guard (1...QuoteRunResult.currentSchemaVersion).contains(version) else {
            throw .unsupportedSchemaVersion(version)
        }
        do {
            return try decoder.decode(QuoteRunResult.self, from: data)
        } catch {
            throw .invalid(describe(error))
        }
    }

    /// The result as it reads back once saved (dates to the millisecond). Every output of a run renders this, so a
    /// report rendered at quote time and one re-rendered from the saved JSON are the same bytes.
    package static func saved(_ result: QuoteRunResult) throws -> QuoteRunResult {
        try decode(Data(encode(result).utf8))
    }

    /// `2026-11-29T08:26:57.123Z`: UTC, milliseconds, whatever the time zone of the machine.
    package static func format(_ date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        if let text = formatFrom1970To9999(seconds: seconds, milliseconds: Int(fraction)) { return text }
        let whole = Date(timeIntervalSince1970: seconds).formatted(.iso8601)
        let digits = String(Int(fraction))
        return whole.dropLast() + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    /// `format(_:)` for the years 1970 to 9999 in the proleptic Gregorian calendar (Hinnant's `civil_from_days`),
    /// what `ISO8601FormatStyle` writes for them, about ten times faster: a result has a date for each of tens of
    /// thousands of offers. Nil for other years.
    private static func formatFrom1970To9999(seconds: Double, milliseconds: Int) -> String? {
        guard seconds >= 0, seconds < 253_402_300_800 else { return nil }
        let (days, secondOfDay) = Int(seconds).quotientAndRemainder(dividingBy: 86_400)
        let shifted = days + 719_468  // days since 0000-03-01: leap days fall at the end of the year
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = era * 400 + yearOfEra + (month <= 2 ? 1 : 0)
        let fields: [(value: Int, digits: Int, separator: UInt8)] = [
            (year, 4, UInt8(ascii: "-")), (month, 2, UInt8(ascii: "-")), (day, 2, UInt8(ascii: "T")),
            (secondOfDay / 3_600, 2, UInt8(ascii: ":")), (secondOfDay / 60 % 60, 2, UInt8(ascii: ":")),
            (secondOfDay % 60, 2, UInt8(ascii: ".")), (milliseconds, 3, UInt8(ascii: "Z")),
        ]
        return String(unsafeUninitializedCapacity: 24) { text in
            var end = 0
            for field in fields {
                var value = field.value
                for position in (end..<end + field.digits).reversed() {
                    text[position] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                text[end + field.digits] = field.separator
                end += field.digits + 1
            }
            return end
        }
    }

    /// Reads `format(_:)`'s output, and ISO 8601 date-times without fractional seconds or with another offset.
    package static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) {
            // The parser keeps sub-millisecond noise of the binary fraction; the JSON holds milliseconds.
            return Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
        }
        return try? Date.ISO8601FormatStyle().parse(text)
    }

    private struct VersionProbe: Decodable {
        var schemaVersion: Int?
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func at(_ path: [any CodingKey]) -> String {
            path.isEmpty ? "the document" : path.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(at(context.codingPath + [key])): required field is missing"
        case .typeMismatch(let type, let context): return "\(at(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context): return "\(at(context.codingPath)): expected \(type), found null"
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as? NSError)?.userInfo["NSDebugDescription"] as? String
            return "\(at(context.codingPath)): \(underlying ?? context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

extension Double {
    fileprivate func quotientAndRemainder(dividingBy divisor: Double) -> (Double, Double) {
        let quotient = (self / divisor).rounded(.down)
        return (quotient, self - quotient * divisor)
    }
}

/// A saved result blackhail cannot read.
package enum ResultJSONError: Error, CustomStringConvertible, Equatable {
    case notJSON(String)
    case noSchemaVersion
    case unsupportedSchemaVersion(Int)
    case invalid(String)

    package var description: String {
        switch self {
        case .notJSON(let reason): "not a JSON document: \(reason)"
        case .noSchemaVersion:
            "no schemaVersion: not a blackhail quote result (save one with blackhail quote -o json --out FILE)"
        case .unsupportedSchemaVersion(let version):
            "schemaVersion \(version) is not one this blackhail reads (1 to \(QuoteRunResult.currentSchemaVersion)); "
                + "use the blackhail that wrote it, or a newer one"
        case .invalid(let reason): "not a valid blackhail quote result: \(reason)"
        }
    }
}
