import Foundation
import JSONCore
import Testing

@testable import BlackHailCore

@Suite struct ReportRenderingTests {
    /// What `blackhail report` does with a saved result: the same bytes as at quote time, for every format.
    @Test(arguments: ReportFormat.allCases)
    func aReportReRenderedFromSavedJSONIsByteIdentical(format: ReportFormat) throws {
        let atQuoteTime = try ResultJSON.saved(ReportFixtures.result())
        let rendered = try format.output(atQuoteTime, explain: true)
        let file = Data(try ResultJSON.encode(atQuoteTime).utf8)
        let reRendered = try format.output(try ResultJSON.decode(file), explain: true)
        #expect(rendered == reRendered)
    }

    @Test func renderersDependOnTheResultAlone() throws {
        let result = try ResultJSON.saved(ReportFixtures.result())
        let html = HTMLReport(result: result).render()
        let markdown = MarkdownReport(result: result).render()
        setenv("TZ", "Pacific/Chatham", 1)
        tzset()
        defer {
            unsetenv("TZ")
            tzset()
        }
        #expect(HTMLReport(result: result).render() == html)
        #expect(MarkdownReport(result: result).render() == markdown)
        #expect(html.contains("2026-11-18 11:06:40 UTC"), "dates in UTC whatever TZ says")
    }

    /// The inside of every tag (`<name attributes>`), ignoring text.
    static func tags(_ html: String) -> [Substring] {
        html.split(separator: "<").dropFirst().map { $0.prefix { $0 != ">" } }
    }

    /// A tag's attributes (`name="value"`), values as written (escaped).
    static func attributes(_ tag: Substring) -> [(String, String)] {
        var attributes: [(String, String)] = []
        var rest = tag.drop { !$0.isWhitespace }
        while let equals = rest.firstIndex(of: "=") {
            let name = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...]
            guard rest.first == "\"" else {
                attributes.append((name, "UNQUOTED"))
                break
            }
            rest = rest.dropFirst()
            let value = rest.prefix { $0 != "\"" }
            attributes.append((name, String(value)))
            rest = rest.dropFirst(value.count + 1)
        }
        return attributes
    }

    @Test func theHTMLIsSelfContained() throws {
        let html = HTMLReport(result: ReportFixtures.result()).render()
        let allowed: Set<Substring> = [
            "!DOCTYPE", "html", "/html", "head", "/head", "meta", "title", "/title", "style", "/style", "body", "/body",
            "main", "/main", "header", "/header", "h1", "/h1", "h2", "/h2", "h3", "/h3", "p", "/p", "span", "/span",
            "div", "/div", "section", "/section", "article", "/article", "figure", "/figure", "figcaption",
            "/figcaption", "table", "/table", "thead", "/thead", "tbody", "/tbody", "tr", "/tr", "th", "/th", "td",
            "/td", "ul", "/ul", "li", "/li", "strong", "/strong", "code", "/code", "a", "/a", "details", "/details",
            "summary", "/summary", "svg", "/svg", "line", "rect", "/rect", "text", "/text", "circle", "/circle",
        ]
        for tag in Self.tags(html) {
            let name = tag.prefix { !$0.isWhitespace && $0 != "/" || tag.first == "/" && $0 == "/" }
            #expect(allowed.contains(name), "unexpected tag <\(tag)>")
            for (attribute, value) in Self.attributes(tag) {
                #expect(!["src", "srcset", "action", "formaction"].contains(attribute), "<\(tag)>")
                #expect(!attribute.hasPrefix("on"), "an event handler in <\(tag)>")
                if attribute == "href" { #expect(value.hasPrefix("#"), "a link out in <\(tag)>") }
                if attribute == "style" { #expect(!value.contains("url("), "<\(tag)>") }
            }
        }
        let style = html.components(separatedBy: "<style>").dropFirst().first?.components(separatedBy: "</style>").first
        #expect(style.map { !$0.contains("url(") && !$0.contains("@import") } == true)
        let hasPolicy = html.contains("default-src 'none'")
        #expect(hasPolicy)
        let count = html.components(separatedBy: "<svg").count - 1
        #expect(count == 2 + 1, "two summary charts and one scatter for the one site with offers")
    }

    @Test func sellerStringsAreInertInTheHTML() throws {
        let html = HTMLReport(result: ReportFixtures.result()).render()
        let has = { (part: String) in html.contains(part) }
        #expect(!has(ReportFixtures.hostile))
        #expect(!has("<script>"))
        #expect(!has("<b>bold"))
        #expect(!has("<i>why"))
        #expect(
            has(
                "=cmd|&#39; /C calc&#39;!A0 &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &quot;Sons&quot;"
            ))
        #expect(has("HQ &lt;b&gt;bold&lt;/b&gt; &amp; co"))
        #expect(has("&lt;img src=x onerror=alert(1)&gt;"))
        // Every attribute value is one quoted string: no seller text closes one or adds an attribute.
        for tag in Self.tags(html) {
            #expect(tag.filter { $0 == "\"" }.count % 2 == 0, "<\(tag)>")
            for (attribute, _) in Self.attributes(tag) {
                #expect(
                    [
                        "class", "id", "title", "href", "style", "lang", "charset", "http-equiv", "content", "name",
                        "xmlns", "width", "height", "viewbox", "role", "aria-label", "x", "y", "x1", "y1", "x2", "y2",
                        "stroke", "stroke-width", "fill", "text-anchor", "cx", "cy", "r",
                    ].contains(attribute), "<\(tag)>")
            }
        }
    }

    @Test func theHTMLShowsTheSummaryMatrixAndWhy() throws {
        let html = HTMLReport(result: ReportFixtures.result()).render()
        let has = { (part: String) in html.contains(part) }
        #expect(has("<div class=\"value\">1 <span class=\"unit\">of 3 sites</span>"))
        #expect(has("333.33 <span class=\"unit\">USD</span>"), "spend per month of the winners")
        #expect(has("12,250.00 <span class=\"unit\">USD</span>"), "spend over the term")
        #expect(has("Sellers that failed"))
        #expect(has("<strong>Down &amp; Out</strong>: 3 sites failed — timed out (2); &lt;img"))
        #expect(has("class=\"state-winner\""))
        #expect(has("★ 340.28"), "the matrix shows the effective monthly cost the ranking compares")
        #expect(has("class=\"state-failed\""))
        #expect(has("class=\"state-declined\""))
        #expect(has("(412.50 EUR)"), "a price without a rate stays in its currency")
        #expect(has("Why: =cmd|&#39;"))
        #expect(has("Diverse pair: =cmd|&#39;"))
        #expect(has("&lt;b&gt;the only diverse pair&lt;/b&gt;"))
    }

    @Test func theMarkdownHasTheSummaryAndTablesWithSellerTextEscaped() throws {
        let markdown = MarkdownReport(result: ReportFixtures.result()).render()
        let has = { (part: String) in markdown.contains(part) }
        #expect(has("- **Coverage:** 1 of 3 sites with an orderable offer (33%)"))
        #expect(has("333.33 USD per month, 12,250.00 USD over the term"))
        #expect(has("## Sites × sellers"))
        #expect(!has("<script>"))
        #expect(!has("<b>"))
        #expect(has("\\=cmd\\|' /C calc'\\!A0 &lt;script&gt;alert(\"pwned\")&lt;/script&gt; &amp; \"Sons\""))
        // Every table row has as many cells as its header: no seller text adds a column.
        var expected: Int?
        for line in markdown.split(separator: "\n") {
            guard line.hasPrefix("|") else {
                expected = nil
                continue
            }
            let cells = line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            if let expected { #expect(cells == expected, "\(line)") } else { expected = cells }
        }
    }

    @Test func everyNDJSONLineParsesAloneAndValidates() throws {
        let result = try ResultJSON.saved(ReportFixtures.result())
        let text = try NDJSONReport.render(result)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(text.hasSuffix("\n"))
        #expect(
            lines.count == result.outcomes.count + result.offers.count + result.rankings.count + result.pairs.count + 1)
        var types: [String] = []
        for line in lines {
            let value = try JSONValue(parsing: String(line))
            let issues = try ReportSchemas.issues(value, schema: "quote-stream.schema.json")
            #expect(issues.isEmpty, "\(line): \(issues)")
            types.append(value["type"]?.stringValue ?? "?")
        }
        #expect(types.last == "run")
        #expect(types.filter { $0 == "pair" }.count == 1)
        #expect(types.filter { $0 == "offer" }.count == result.offers.count)
        let run = try JSONValue(parsing: String(lines.last ?? ""))
        #expect(run["run"]?["summary"]?["coveredSites"] == .integer(1))
        #expect(run["run"]?["offers"] == nil)
    }
}
