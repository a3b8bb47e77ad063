import MEF139
import Testing

@Suite("pattern")
struct PatternMatcherTests {
    /// The one pattern the MEF schemas use (IdentifierString): some printable ASCII character.
    @Test(arguments: ["[ -\u{7F}]+", #"[ -\x7F]+"#, #"[\x20-\u007F]+"#])
    func mefIdentifierPatternUsesTheFastPath(source: String) throws {
        let pattern = try PatternMatcher(source)
        #expect(pattern.usesFastPath)
        #expect(pattern.matches("IPVCEP.Budapest.66.1"))
        #expect(pattern.matches("ééx"))  // re.search: one matching character anywhere is enough
        #expect(!pattern.matches("ééé"))
        #expect(!pattern.matches(""))
        #expect(!pattern.matches("\u{1}\u{2}"))
    }

    @Test func theDisplayedPatternEscapesControlCharacters() throws {
        #expect(try PatternMatcher("[ -\u{7F}]+").displaySource == "[ -\\x7F]+")
    }

    /// Python `re.search` semantics, through either path.
    @Test(
        "search semantics",
        arguments: [
            ("^ab+c$", "abbbc", true), ("^ab+c$", "abbbcd", false), ("^ab+c$", "abc\n", true), ("b{2,3}", "abbc", true),
            ("^b{2,3}$", "bbbb", false), ("^a.c$", "a\nc", false), ("^a.c$", "axc", true), ("[^0-9]", "123", false),
            ("[^0-9]", "12a", true), ("^\\d+$", "123", true), ("^(a|b)+$", "abab", true), ("^(a|b)+$", "abc", false),
            ("^x?y*z$", "z", true), ("^[\\-a]+$", "a-a", true), ("[^0-9]+", "123", false), ("[^0-9]+", "1a", true),
            ("[\\-a]+", "-", true), ("[a-]+", "-", true), ("[a-]+", "b", false), ("[-a]+", "x-", true),
            ("[0-9a-f]+", "XYZ", false), ("[0-9a-f]+", "XYZe", true), ("[\\]]+", "]", true), ("[\\]]+", "a", false),
        ])
    func search(pattern: String, text: String, expected: Bool) throws {
        #expect(try PatternMatcher(pattern).matches(text) == expected)
    }

    @Test(arguments: [
        ("[ -\u{7F}]+", true), ("[^0-9]+", true), ("[\\-a]+", true), ("[a-]+", true), ("[0-9a-f]+", true),
        ("^[a-z]{2}[0-9]?$", false), ("^(a|b)+$", false), ("\\d", false), ("[\\d]+", false), ("[a-z]*", false),
        ("^[a-z]+", false), ("[a-z]+$", false), ("[[:alpha:]]+", false),
    ])
    func onlyOneCharacterClassWithAPlusTakesTheFastPath(source: String, fast: Bool) throws {
        #expect(try PatternMatcher(source).usesFastPath == fast)
    }
}
