import MEF139
import Testing

@Suite("pattern")
struct PatternMatcherTests {
    /// The one pattern the MEF schemas use (IdentifierString): some printable ASCII character.
    @Test func mefIdentifierPatternUsesTheFastPath() throws {
        let pattern = try PatternMatcher("[ -\u{7F}]+")
        #expect(pattern.usesFastPath)
        #expect(pattern.matches("IPVCEP.Budapest.66.1"))
        #expect(pattern.matches("ééx"))  // re.search: one matching character anywhere is enough
        #expect(!pattern.matches("ééé"))
        #expect(!pattern.matches(""))
        #expect(!pattern.matches("\u{1}\u{2}"))
        #expect(pattern.displaySource == "[ -\\x7F]+")
    }

    @Test(
        "search semantics of the fast matcher",
        arguments: [
            ("^ab+c$", "abbbc", true), ("^ab+c$", "abbbcd", false), ("^ab+c$", "abc\n", true), ("b{2,3}", "abbc", true),
            ("^b{2,3}$", "bbbb", false), ("^a.c$", "a\nc", false), ("^a.c$", "axc", true), ("[^0-9]", "123", false),
            ("[^0-9]", "12a", true), ("^\\d+$", "123", true), ("^(a|b)+$", "abab", true), ("^(a|b)+$", "abc", false),
            ("^x?y*z$", "z", true), ("^[\\-a]+$", "a-a", true),
        ])
    func search(pattern: String, text: String, expected: Bool) throws {
        #expect(try PatternMatcher(pattern).matches(text) == expected)
    }

    @Test func richerPatternsFallBackToTheRegexEngine() throws {
        #expect(try !PatternMatcher("^(a|b)+$").usesFastPath)
        #expect(try !PatternMatcher("\\d").usesFastPath)
        #expect(try PatternMatcher("^[a-z]{2}[0-9]?$").usesFastPath)
    }
}
