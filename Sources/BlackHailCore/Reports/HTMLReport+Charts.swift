import Foundation

/// The report's charts as inline SVG, drawn from the figures alone (coordinates to a tenth of a pixel).
extension HTMLReport {
    /// Up to ten sellers get distinct colours (Tableau 10); more cycle.
    static let sellerPalette = [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    ]

    func sellerColour(_ sellerId: String) -> String {
        let index = result.sellers.firstIndex { $0.id == sellerId } ?? 0
        return Self.sellerPalette[index % Self.sellerPalette.count]
    }

    /// Horizontal bars: per seller, what the sites it won cost per month.
    func monthlyCostChart() -> String {
        let tallies = figures.sellerTallies
        guard !tallies.isEmpty else { return "<p class=\"muted\">No sellers.</p>" }
        let (labelWidth, barWidth, valueWidth, rowHeight) = (150.0, 300.0, 170.0, 24.0)
        let maximum = tallies.map { Self.double($0.winningMonthly) }.max() ?? 0
        let scale = Self.niceTicks(upTo: maximum)
        let top = scale.last ?? 1
        let height = Double(tallies.count) * rowHeight + 26
        var svg = Self.open(width: labelWidth + barWidth + valueWidth, height: height, label: "Monthly cost by seller")
        for tick in scale {
            let x = labelWidth + barWidth * tick / top
            svg += Self.line(x, 0, x, height - 20, colour: "#e5e7ea")
            svg += Self.text(Self.tickLabel(tick), x: x, y: height - 6, anchor: "middle", muted: true)
        }
        for (index, tally) in tallies.enumerated() {
            let y = Double(index) * rowHeight
            let value = Self.double(tally.winningMonthly)
            let width = top > 0 ? barWidth * value / top : 0
            svg += Self.text(Self.clipped(tally.seller.name, 24), x: labelWidth - 8, y: y + 16, anchor: "end")
            svg += Self.rect(
                x: labelWidth, y: y + 4, width: width, height: rowHeight - 8, fill: sellerColour(tally.seller.id),
                title: "\(tally.seller.name): \(ReportText.amount(tally.winningMonthly)) \(result.reportCurrency) "
                    + "per month for \(ReportText.plural(tally.sitesWon, "site")) won")
            let label =
                tally.sitesWon == 0
                ? "no site won" : "\(ReportText.amount(tally.winningMonthly)) · \(tally.sitesWon) won"
            svg += Self.text(label, x: labelWidth + width + 6, y: y + 16, anchor: "start", muted: tally.sitesWon == 0)
        }
        return svg + "</svg>"
    }

    /// Stacked horizontal bars: per seller, its sites by outcome.
    func coverageChart() -> String {
        let tallies = figures.sellerTallies
        guard !tallies.isEmpty, !result.sites.isEmpty else { return "<p class=\"muted\">No sites.</p>" }
        let (labelWidth, barWidth, valueWidth, rowHeight) = (150.0, 320.0, 150.0, 24.0)
        let total = Double(result.sites.count)
        let height = Double(tallies.count) * rowHeight + 26
        var svg = Self.open(width: labelWidth + barWidth + valueWidth, height: height, label: "Coverage by seller")
        for tick in Self.niceTicks(upTo: total, count: 5) where tick <= total {
            let x = labelWidth + barWidth * tick / total
            svg += Self.line(x, 0, x, height - 20, colour: "#e5e7ea")
            svg += Self.text(Self.tickLabel(tick), x: x, y: height - 6, anchor: "middle", muted: true)
        }
        for (index, tally) in tallies.enumerated() {
            let y = Double(index) * rowHeight
            svg += Self.text(Self.clipped(tally.seller.name, 24), x: labelWidth - 8, y: y + 16, anchor: "end")
            var x = labelWidth
            for (state, sites) in tally.states where sites > 0 {
                let width = barWidth * Double(sites) / total
                svg += Self.rect(
                    x: x, y: y + 4, width: width, height: rowHeight - 8, fill: Self.colour(state, strong: true),
                    title: "\(tally.seller.name): \(ReportText.plural(sites, "site")) \(state.label)")
                x += width
            }
            let offered = ReportText.share(tally.sitesOffered, of: result.sites.count)
            svg += Self.text("\(offered) offered", x: labelWidth + barWidth + 6, y: y + 16, anchor: "start")
        }
        return svg + "</svg>"
    }

    /// A site's offers: the cost the ranking compares (`RankingPolicy.CostBasis.cost`) in the report currency against installation lead time, coloured by seller; the winner
    /// ringed, offers not ranked hollow.
    func scatterChart(_ siteId: String) -> String {
        let ranked = Set(figures.rankedOffers(siteId).map(\.id))
        let winner = figures.winner(siteId)?.id
        let points = figures.offers(siteId).compactMap { offer -> (Offer, Double, Double)? in
            guard let days = offer.installDays, let cost = result.policy.costBasis.cost(of: offer) else { return nil }
            return (offer, days, Self.double(cost))
        }
        let basis = result.policy.costBasis.phrase
        let caption =
            "<figcaption>Price vs install lead time: \(e(result.reportCurrency)) \(basis) against days</figcaption>"
        guard !points.isEmpty else {
            return caption + "<p class=\"muted\">No offer with both a convertible price and an install time.</p>"
        }
        let (width, height) = (340.0, 210.0)
        let (left, right, top, bottom) = (58.0, 12.0, 10.0, 34.0)
        let xTicks = Self.niceTicks(upTo: points.map(\.1).max() ?? 1, count: 5)
        let yTicks = Self.niceTicks(upTo: points.map(\.2).max() ?? 1, count: 4)
        let (xMax, yMax) = (xTicks.last ?? 1, yTicks.last ?? 1)
        func px(_ days: Double) -> Double { left + (width - left - right) * days / xMax }
        func py(_ price: Double) -> Double { height - bottom - (height - top - bottom) * price / yMax }
        var svg = Self.open(width: width, height: height, label: "Price vs install lead time")
        for tick in yTicks {
            svg += Self.line(left, py(tick), width - right, py(tick), colour: "#e5e7ea")
            svg += Self.text(Self.tickLabel(tick), x: left - 6, y: py(tick) + 4, anchor: "end", muted: true)
        }
        for tick in xTicks {
            svg += Self.line(px(tick), top, px(tick), height - bottom, colour: "#eef0f2")
            svg += Self.text(Self.tickLabel(tick), x: px(tick), y: height - bottom + 14, anchor: "middle", muted: true)
        }
        svg += Self.line(left, height - bottom, width - right, height - bottom, colour: "#8c959f")
        svg += Self.line(left, top, left, height - bottom, colour: "#8c959f")
        svg += Self.text("install lead time, days", x: (left + width - right) / 2, y: height - 4, anchor: "middle")
        // Not-ranked first, the winner last, so that it is drawn on top.
        let ordered =
            points.filter { !ranked.contains($0.0.id) } + points.filter { ranked.contains($0.0.id) }.reversed()
        for (offer, days, price) in ordered {
            let colour = sellerColour(offer.sellerId)
            let title =
                "\(offer.sellerName): \(ReportText.amount(result.policy.costBasis.cost(of: offer) ?? 0)) "
                + "\(result.reportCurrency) \(basis), "
                + "\(ReportText.term(offer.termMonths)), \(ReportText.bandwidth(offer)), installs in "
                + "\(ReportText.days(days))"
                + (offer.id == winner ? " (winner)" : ranked.contains(offer.id) ? "" : " (not ranked)")
            let (x, y) = (Self.coordinate(px(days)), Self.coordinate(py(price)))
            if offer.id == winner {
                svg += "<circle cx=\"\(x)\" cy=\"\(y)\" r=\"9\" fill=\"none\" stroke=\"#1f2328\" stroke-width=\"2\"/>"
            }
            let fill =
                ranked.contains(offer.id)
                ? "fill=\"\(colour)\"" : "fill=\"#fff\" stroke=\"\(colour)\" stroke-width=\"2\""
            svg += "<circle cx=\"\(x)\" cy=\"\(y)\" r=\"5\" \(fill)><title>\(e(title))</title></circle>"
        }
        svg += "</svg>"
        var sellers: [String] = []
        for (offer, _, _) in points where !sellers.contains(offer.sellerId) { sellers.append(offer.sellerId) }
        let key = sellers.map { id in
            "<span class=\"key\"><span class=\"dot\" style=\"background:\(sellerColour(id))\"></span>"
                + "\(e(figures.sellerName(id)))</span>"
        }.joined(separator: " ")
        let missing = figures.offers(siteId).count - points.count
        let note =
            missing > 0
            ? " · \(ReportText.plural(missing, "offer")) without a price in \(e(result.reportCurrency)) or an install time not shown"
            : ""
        return caption + svg + "<p class=\"chartkey\">\(key) · ◯ not ranked · ringed: winner\(note)</p>"
    }

    // MARK: Drawing

    static func open(width: Double, height: Double, label: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(coordinate(width))\" height=\"\(coordinate(height))\" "
            + "viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" role=\"img\" "
            + "aria-label=\"\(MarkupText.html(label))\">"
    }

    static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, colour: String) -> String {
        "<line x1=\"\(coordinate(x1))\" y1=\"\(coordinate(y1))\" x2=\"\(coordinate(x2))\" y2=\"\(coordinate(y2))\" "
            + "stroke=\"\(colour)\"/>"
    }

    static func rect(x: Double, y: Double, width: Double, height: Double, fill: String, title: String) -> String {
        "<rect x=\"\(coordinate(x))\" y=\"\(coordinate(y))\" width=\"\(coordinate(width))\" "
            + "height=\"\(coordinate(height))\" fill=\"\(fill)\"><title>\(MarkupText.html(title))</title></rect>"
    }

    static func text(_ text: String, x: Double, y: Double, anchor: String, muted: Bool = false) -> String {
        "<text x=\"\(coordinate(x))\" y=\"\(coordinate(y))\" text-anchor=\"\(anchor)\""
            + (muted ? " fill=\"#57606a\"" : "") + ">\(MarkupText.html(text))</text>"
    }

    /// A coordinate to a tenth of a pixel, without a trailing ".0".
    static func coordinate(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        let text = String(format: "%.1f", tenths / 10)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// 0 and about `count` round steps (1, 2, 2.5 or 5 times a power of ten) up to at least `maximum`.
    static func niceTicks(upTo maximum: Double, count: Int = 5) -> [Double] {
        guard maximum > 0, maximum.isFinite else { return [0, 1] }
        let rough = maximum / Double(count)
        let magnitude = pow(10, (log10(rough)).rounded(.down))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        let steps = Int((maximum / step).rounded(.up))
        return (0...max(steps, 1)).map { Double($0) * step }
    }

    /// "1,500", "2.5".
    static func tickLabel(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 {
            return ReportText.amount(Decimal(Int64(value))).replacingOccurrences(of: ".00", with: "")
        }
        return ReportText.number(value)
    }

    static func clipped(_ text: String, _ limit: Int) -> String {
        text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    static func double(_ decimal: Decimal) -> Double { NSDecimalNumber(decimal: decimal).doubleValue }
}
