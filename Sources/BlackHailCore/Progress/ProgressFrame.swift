/// One moment of a run as the progress display shows it: every seller's counts and the time since the run
/// started; laid out for a terminal of any size (`lines(width:height:)`) or as one plain line for a log
/// (`plainLine`). A function of its inputs alone, so that the layout is tested without a terminal.
package struct ProgressFrame: Sendable {
    package var sellers: [(sellerId: String, counts: SellerActivityCounts)]
    package var elapsed: Duration

    package init(sellers: [(sellerId: String, counts: SellerActivityCounts)], elapsed: Duration) {
        self.sellers = sellers
        self.elapsed = elapsed
    }

    /// Every seller's counts added up (the phase is the earliest any seller is in).
    package var totals: SellerActivityCounts {
        var totals = SellerActivityCounts()
        totals.phase = sellers.map(\.counts.phase).min() ?? .done
        for (_, counts) in sellers {
            totals.plannedAddresses += counts.plannedAddresses
            totals.plannedQualifications += counts.plannedQualifications
            totals.plannedQuotes += counts.plannedQuotes
            totals.done += counts.done
            totals.failed += counts.failed
            totals.retries += counts.retries
            totals.polls += counts.polls
            totals.polling += counts.polling
            totals.sitesDone += counts.sitesDone
            totals.sitesTotal += counts.sitesTotal
        }
        return totals
    }

    /// When a seller will be done at the pace of its requests so far: zero when done, nil before its first request
    /// has ended.
    package func remaining(_ counts: SellerActivityCounts) -> Duration? {
        if counts.isDone { return .zero }
        guard counts.done > 0 else { return nil }
        let left = max(counts.planned - counts.done, 0)
        return elapsed * (Double(left) / Double(counts.done))
    }

    /// When the run will be done: sellers work side by side, so when the slowest is; nil while any seller that is
    /// not done has yet to end a request.
    package var eta: Duration? {
        var latest = Duration.zero
        for (_, counts) in sellers {
            guard let remaining = remaining(counts) else { return nil }
            latest = max(latest, remaining)
        }
        return latest
    }

    /// Sellers slowest first (the smallest share of their requests done, then the longest expected wait), then
    /// the finished ones; by id within each.
    package var slowestFirst: [(sellerId: String, counts: SellerActivityCounts)] {
        sellers.sorted { left, right in
            if left.counts.isDone != right.counts.isDone { return !left.counts.isDone }
            if left.counts.fraction != right.counts.fraction { return left.counts.fraction < right.counts.fraction }
            return left.sellerId < right.sellerId
        }
    }

    // MARK: Text

    /// How many sellers are in each phase, earliest first: `12 POQ, 5 quotes, 3 done`.
    package static func phases(_ sellers: [(sellerId: String, counts: SellerActivityCounts)]) -> String {
        let counted = Dictionary(grouping: sellers, by: \.counts.phase)
        return RunPhase.allCases.compactMap { phase in
            counted[phase].map { "\($0.count) \(phase.label)" }
        }.joined(separator: ", ")
    }

    /// The plain status line a log gets every few seconds.
    package var plainLine: String {
        let totals = totals
        var parts = [
            "progress: \(Self.requests(totals)) requests (\(Self.percent(totals)))",
            "sellers \(Self.phases(sellers))",
            "\(Self.count(totals.retries)) retries", "\(Self.count(totals.failed)) failed",
        ]
        if totals.polling > 0 { parts.append("\(Self.count(totals.polling)) polling") }
        parts.append("elapsed \(Self.duration(elapsed))")
        parts.append("ETA \(eta.map(Self.duration) ?? "unknown")")
        return parts.joined(separator: "; ")
    }

    /// The display for a terminal `width` columns wide with `height` lines to spare: a line for the run, then a
    /// line per seller, slowest first; sellers that do not fit are summed up on the last line. Every line is at
    /// most `width - 1` characters (printable ASCII: one column each), so a terminal never wraps one.
    package func lines(width: Int, height: Int) -> [ProgressLine] {
        let width = max(width - 1, 1)
        var lines = [header(width: width)]
        let height = max(height, 1)
        guard height > 1 else { return lines }
        let ordered = slowestFirst
        let nameWidth = min(ordered.map(\.sellerId.count).max() ?? 0, 20)
        let shown = ordered.count < height ? ordered.count : max(height - 2, 0)
        for (sellerId, counts) in ordered.prefix(shown) {
            lines.append(sellerLine(sellerId, counts, nameWidth: nameWidth, width: width))
        }
        if shown < ordered.count {
            let rest = Array(ordered.dropFirst(shown))
            let totals = ProgressFrame(sellers: rest, elapsed: elapsed).totals
            var spans = [
                ProgressSpan("  + \(rest.count) more: \(Self.phases(rest)); \(Self.requests(totals)) requests")
            ]
            if totals.failed > 0 { spans.append(ProgressSpan(", \(Self.count(totals.failed)) failed", .alert)) }
            lines.append(ProgressLine(spans).clipped(to: width))
        }
        return lines
    }

    /// The run's line: the most telling facts first, each only if it fits whole.
    private func header(width: Int) -> ProgressLine {
        let totals = totals
        var segments: [[ProgressSpan]] = [
            [ProgressSpan("\(Self.requests(totals)) requests \(Self.percent(totals))", .strong)],
            [ProgressSpan("ETA \(eta.map(Self.duration) ?? "--")")],
            [ProgressSpan(Self.phases(sellers))],
            [ProgressSpan("elapsed \(Self.duration(elapsed))")],
            [ProgressSpan("\(Self.count(totals.retries)) retries")],
            [ProgressSpan("\(Self.count(totals.failed)) failed", totals.failed > 0 ? .alert : nil)],
        ]
        if totals.polling > 0 { segments.append([ProgressSpan("\(Self.count(totals.polling)) polling")]) }
        return ProgressLine.fitting(segments, width: width)
    }

    private func sellerLine(
        _ sellerId: String, _ counts: SellerActivityCounts, nameWidth: Int, width: Int
    ) -> ProgressLine {
        let name = ProgressLine.pad(ProgressLine.printable(sellerId), nameWidth)
        let requests = ProgressLine.pad(Self.requests(counts), 13, right: true)
        var segments: [[ProgressSpan]] = [
            [
                ProgressSpan("  \(name) "), ProgressSpan(ProgressLine.pad(counts.phase.label, 9)),
                ProgressSpan(" \(requests) \(ProgressLine.pad(Self.percent(counts), 4, right: true))"),
            ]
        ]
        if counts.polling > 0 { segments.append([ProgressSpan("polling \(Self.count(counts.polling))")]) }
        if counts.failed > 0 { segments.append([ProgressSpan("\(Self.count(counts.failed)) failed", .alert)]) }
        if counts.retries > 0 { segments.append([ProgressSpan("\(Self.count(counts.retries)) retries")]) }
        segments.append([ProgressSpan("sites \(Self.count(counts.sitesDone))/\(Self.count(counts.sitesTotal))")])
        return ProgressLine.fitting(segments, width: width)
    }

    static func requests(_ counts: SellerActivityCounts) -> String {
        "\(count(counts.done))/\(count(max(counts.planned, counts.done)))"
    }

    static func percent(_ counts: SellerActivityCounts) -> String {
        "\(Int((counts.fraction * 100).rounded(.down)))%"
    }

    /// `1,234`: grouped by thousands whatever the locale.
    package static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// `45s`, `1m05s`, `2h03m`.
    package static func duration(_ duration: Duration) -> String {
        let seconds = max(duration.components.seconds, 0)
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m" + twoDigits(seconds % 60) + "s" }
        return "\(seconds / 3600)h" + twoDigits(seconds % 3600 / 60) + "m"
    }

    private static func twoDigits(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

/// A run of text in one style.
package struct ProgressSpan: Sendable, Equatable {
    package enum Style: Sendable { case strong, alert }

    package var text: String
    package var style: Style?

    package init(_ text: String, _ style: Style? = nil) {
        self.text = text
        self.style = style
    }
}

/// One line of the progress display, in printable ASCII only, so that its length is the columns it takes.
package struct ProgressLine: Sendable, Equatable {
    package var spans: [ProgressSpan]

    package init(_ spans: [ProgressSpan]) {
        self.spans = spans
    }

    package var text: String { spans.map(\.text).joined() }

    /// Columns the line takes.
    package var width: Int { spans.reduce(0) { $0 + $1.text.utf8.count } }

    /// The line cut to at most `width` columns.
    package func clipped(to width: Int) -> ProgressLine {
        var left = max(width, 0)
        var kept: [ProgressSpan] = []
        for span in spans where left > 0 {
            let text = String(span.text.prefix(left))
            left -= text.utf8.count
            kept.append(ProgressSpan(text, span.style))
        }
        return ProgressLine(kept)
    }

    /// The line for the terminal: styled with SGR sequences when `colour`, else plain text.
    package func rendered(colour: Bool) -> String {
        spans.map { span in
            guard colour, let style = span.style else { return span.text }
            let code = style == .strong ? "1" : "31"
            return "\u{1B}[\(code)m\(span.text)\u{1B}[0m"
        }.joined()
    }

    /// The first segment (cut if need be), then each further one that fits whole, two spaces apart.
    static func fitting(_ segments: [[ProgressSpan]], width: Int) -> ProgressLine {
        var line = ProgressLine(segments.first ?? []).clipped(to: width)
        for segment in segments.dropFirst() {
            let addition = ProgressLine([ProgressSpan("  ")] + segment)
            if line.width + addition.width <= width { line.spans += addition.spans }
        }
        return line
    }

    /// Printable ASCII: anything else (control characters, wide or combining characters) becomes `?`, so no seller
    /// id can move the cursor or take two columns.
    package static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { (0x20...0x7E).contains($0.value) ? $0 : "?" }))
    }

    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        if text.count >= width { return String(text.prefix(width)) }
        let padding = String(repeating: " ", count: width - text.count)
        return right ? padding + text : text + padding
    }
}
