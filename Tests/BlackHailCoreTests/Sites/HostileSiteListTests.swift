import BlackHailCore
import Foundation
import Testing

/// The wrong file given as the site list (a binary, a file full of terminal escapes) is reported compactly and
/// never echoes control bytes to the terminal.
@Suite struct HostileSiteListTests {
    static func problems(in bytes: [UInt8]) throws -> SiteListError {
        do {
            _ = try SiteListReader.parse(bytes, sourceName: "sites.csv")
        } catch {
            return error
        }
        throw HostileSiteListFailure()
    }

    struct HostileSiteListFailure: Error {}

    static func expectCompactAndClean(_ error: SiteListError) {
        let lines = error.description.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count <= SiteListError.maximumShown + 1)
        let control = error.description.unicodeScalars.filter {
            $0 != "\n" && ($0.value < 0x20 || (0x7F...0x9F).contains($0.value))
        }
        #expect(control.isEmpty, "control characters: \(control.map(\.value))")
    }

    @Test func aFileOfEscapeSequencesIsReportedCompactly() throws {
        let line = "\u{1B}]0;pwned\u{07}\u{1B}[2J,\u{1B}[31mred,x,y,z,\u{0},\u{9B}\n"
        let text =
            "site_id,name,street_name,city,country,product,bandwidth_mbps\n"
            + String(repeating: line, count: 20_000)
        let error = try Self.problems(in: Array(text.utf8))
        #expect(error.problems.count > SiteListError.maximumShown)
        Self.expectCompactAndClean(error)
        #expect(error.description.hasSuffix("(\(error.problems.count) in all)"))
    }

    @Test func aBinaryFileIsReportedCompactly() throws {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<200_000).map { index -> UInt8 in
            index % 97 == 0 ? 0x0A : UInt8.random(in: 0...255, using: &generator)
        }
        let error = try Self.problems(in: bytes)
        Self.expectCompactAndClean(error)
    }
}
