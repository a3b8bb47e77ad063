import Foundation
import Testing

@testable import BlackHailCore

/// Where `InputCheck` places a loader's message in its YAML file: the position a parser error gives, else the node
/// the message names, else the coding path a decoding error carries.
@Suite struct InputCheckTests {
    static let profile = """
        id: east
        limits:
          concurrency: 0
        emulate:
          priceBook:
            - { mbps: 50, termMonths: 12, mrc: 1, nrc: 0 }
            - { mbps: 0, termMonths: 12, mrc: 1, nrc: 0 }
        rates:
          XYZ: 2

        """

    struct Case: Sendable, CustomTestStringConvertible {
        var message: String
        var line: Int?
        var column: Int?
        var said: String
        var testDescription: String { message }
    }

    static let cases: [Case] = [
        Case(
            message: "limits.concurrency must be 1 to 1024", line: 3, column: 3,
            said: "limits.concurrency must be 1 to 1024"),
        Case(
            message: "emulate.priceBook[1]: mbps and termMonths must be positive", line: 7, column: 7,
            said: "emulate.priceBook[1]: mbps and termMonths must be positive"),
        Case(message: "id 'East' must be lower-case", line: 1, column: 1, said: "id 'East' must be lower-case"),
        Case(
            message: "sonata.baseURL is required unless the profile has an 'emulate' block", line: nil, column: nil,
            said: "sonata.baseURL is required unless the profile has an 'emulate' block"),
        Case(
            message: "XYZ is not an ISO 4217 currency code", line: 9, column: 3,
            said: "XYZ is not an ISO 4217 currency code"),
        Case(
            message: "4:8: error: scanner: mapping values are not allowed in this context:\n  x: y: z\n       ^",
            line: 4, column: 8, said: "scanner: mapping values are not allowed in this context"),
        Case(
            message:
                #"typeMismatch(Swift.Int, Swift.DecodingError.Context(codingPath: [CodingKeys(stringValue: "limits", intValue: nil), CodingKeys(stringValue: "concurrency", intValue: nil)], debugDescription: "Expected to decode Int but found a string", underlyingError: nil))"#,
            line: 3, column: 3, said: "limits.concurrency: Expected to decode Int but found a string"),
    ]

    @Test(arguments: cases) func aMessageIsPlacedAtTheNodeItNames(_ example: Case) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("input-check-\(UUID()).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try Self.profile.write(to: file, atomically: true, encoding: .utf8)
        let problem = InputCheck.locate("\(file.path): \(example.message)", files: [file.path])
        #expect(problem.file == file.path)
        #expect(problem.line == example.line)
        #expect(problem.column == example.column)
        #expect(problem.message == example.said)
    }

    @Test func aYAMLFileIsToldByItsKeys() {
        #expect(InputCheck.kind(ofYAML: Self.profile) == .sellerProfile)
        #expect(InputCheck.kind(ofYAML: "base: USD\nrates: { EUR: 1.08 }\n") == .rates)
        #expect(InputCheck.kind(ofYAML: "costBasis: total\n") == .policy)
        #expect(InputCheck.kind(ofYAML: "- a list\n") == nil)
    }
}
