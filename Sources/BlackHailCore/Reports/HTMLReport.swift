import Foundation

/// The comparison report for people: one self-contained HTML file (no scripts, fonts, images or links out; a
/// Content-Security-Policy forbids them even if something slipped through) with the summary, the site x seller
/// matrix, the charts as inline SVG, and per site the winner, why, and every offer.
///
/// A pure function of the result: it reads no clock, environment or locale, so a report re-rendered from a saved
/// JSON result is byte-identical to the one rendered at quote time. Every string from a seller or the site list
/// goes through `MarkupText.html`.
package struct HTMLReport {
    package var result: QuoteRunResult
    let figures: ReportFigures

    package init(result: QuoteRunResult) {
        self.result = result
        figures = ReportFigures(result)
    }

    /// The start of every blackhail HTML page up to its `<main>`: self-contained (no scripts, fonts, images or
    /// links out, enforced by the Content-Security-Policy), in the report's style; `title` is escaped here.
    package static func pageOpening(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="blackhail">
        <title>\(MarkupText.html(title))</title>
        <style>\(style)</style>
        </head>
        <body>
        <main>

        """
    }

    package func render() -> String {
        var html = Self.pageOpening(title: "Internet Access quotes · run \(result.runId)")
        html += header()
        html += summarySection()
        html += matrixSection()
        html += sitesSection()
        html += runSection()
        html += "</main>\n</body>\n</html>\n"
        return html
    }

    // MARK: Sections

    private func header() -> String {
        let summary = figures.summary
        return """
            <header>
            <h1>Internet Access quotes</h1>
            <p class="meta">\(ReportText.plural(summary.sites, "site")) · \
            \(ReportText.plural(summary.sellers, "seller")) · \(ReportText.plural(summary.offers, "offer")) · \
            run <code>\(e(result.runId))</code> · \(e(ReportText.dateTime(result.startedAt))) · \
            \(e(ReportText.seconds(result.elapsed))) · totals in \(e(result.reportCurrency))</p>
            </header>

            """
    }

    private func summarySection() -> String {
        let summary = figures.summary
        let currency = e(result.reportCurrency)
        let percent =
            summary.sites == 0 ? 0 : Int((Double(summary.coveredSites) * 100 / Double(summary.sites)).rounded())
        let failed = figures.sellerTallies.filter { $0.seller.failedSites > 0 }
        var html = """
            <section id="summary">
            <h2>Summary</h2>
            <div class="cards">
            <div class="card"><div class="label">Coverage</div>\
            <div class="value">\(summary.coveredSites) <span class="unit">of \(summary.sites) sites</span></div>\
            <div class="note">\(percent)% with an orderable offer</div></div>
            <div class="card"><div class="label">Spend per month</div>\
            <div class="value">\(e(ReportText.amount(summary.winners.monthlyRecurring))) \
            <span class="unit">\(currency)</span></div>\
            <div class="note">buying the \(ReportText.plural(summary.coveredSites, "winner"))</div></div>
            <div class="card"><div class="label">Spend over the term</div>\
            <div class="value">\(e(ReportText.amount(summary.winners.total))) <span class="unit">\(currency)</span></div>\
            <div class="note">incl. \(e(ReportText.amount(summary.winners.nonRecurring))) \(currency) one-off</div>\
            </div>
            <div class="card\(failed.isEmpty ? "" : " alert")"><div class="label">Sellers</div>\
            <div class="value">\(summary.sellersAnswered) <span class="unit">of \(summary.sellers) answered</span>\
            </div><div class="note">\(failed.isEmpty ? "none failed" : "\(failed.count) failed for some sites")\
            </div></div>
            </div>

            """
        if !summary.uncoveredSites.isEmpty {
            let names = summary.uncoveredSites.map { id in
                "<a href=\"#\(siteAnchor(id))\">\(e(id))</a>"
            }
            html += "<p><strong>Sites without an orderable offer:</strong> \(names.joined(separator: ", "))</p>\n"
        }
        if !failed.isEmpty {
            html += "<p><strong>Sellers that failed:</strong></p>\n<ul class=\"failures\">\n"
            for tally in failed {
                let reasons = tally.failureReasons.prefix(3).map { "\(e($0.reason)) (\($0.sites))" }
                let more = tally.failureReasons.count > 3 ? "; …" : ""
                html +=
                    "<li><strong>\(e(tally.seller.name))</strong>: "
                    + "\(ReportText.plural(tally.seller.failedSites, "site")) failed — "
                    + reasons.joined(separator: "; ") + more + "</li>\n"
            }
            html += "</ul>\n"
        }
        if let savings = summary.savings { html += "<p><strong>\(e(savings.sentence))</strong></p>\n" }
        if !result.warnings.isEmpty {
            html += "<ul class=\"warnings\">\n"
            html += result.warnings.map { "<li>warning: \(e($0))</li>\n" }.joined()
            html += "</ul>\n"
        }
        html += """
            <div class="charts">
            <figure><figcaption>Monthly cost by seller: winning offers, \(currency) per month</figcaption>
            \(monthlyCostChart())
            </figure>
            <figure><figcaption>Coverage by seller: how each seller answered for the \
            \(ReportText.plural(result.sites.count, "site"))</figcaption>
            \(coverageChart())
            \(legend(ReportFigures.CellState.allCases.filter { $0 != .missing }, strong: true))
            </figure>
            </div>
            </section>

            """
        return html
    }

    private func matrixSection() -> String {
        var html = """
            <section id="matrix">
            <h2>Sites × sellers</h2>
            <p class="muted">\(e(result.policy.costBasis.label)) cost in \(e(result.reportCurrency)), the basis the \
            ranking compares, of each seller's best-ranked offer per site (else its cheapest offer shown but not \
            ranked; the monthly price in the seller's currency where there is no rate). ★ marks the winner; prices \
            in brackets are shown but not ranked.</p>
            \(legend(ReportFigures.CellState.allCases.filter { $0 != .missing }))
            <div class="scroll"><table class="matrix">
            <thead><tr><th>Site</th>
            """
        html += result.sellers.map { "<th class=\"num\">\(e($0.name))</th>" }.joined()
        // With pairing, a last column names each site's diverse pair, or says there is none.
        let pairs = Dictionary(result.pairs.map { ($0.siteId, $0) }, uniquingKeysWith: { first, _ in first })
        if !pairs.isEmpty { html += "<th>Diverse pair</th>" }
        html += "</tr></thead>\n<tbody>\n"
        for site in result.sites {
            let name = site.name.map { " <span class=\"muted\">\(e($0))</span>" } ?? ""
            html += "<tr><th><a href=\"#\(siteAnchor(site.id))\">\(e(site.id))</a>\(name)</th>"
            for seller in result.sellers {
                let cell = figures.cell(site: site.id, seller: seller.id)
                html += "<td class=\"state-\(cell.state.rawValue)\" title=\"\(e(tooltip(cell, seller: seller)))\">"
                html += "\(cellText(cell))</td>"
            }
            if !pairs.isEmpty { html += pairCell(pairs[site.id]) }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table></div>\n</section>\n"
        return html
    }

    private func sitesSection() -> String {
        var html = "<section id=\"sites\">\n<h2>Sites</h2>\n"
        for site in result.sites { html += siteDetail(site) }
        return html + "</section>\n"
    }

    private func siteDetail(_ site: QuoteRunResult.SiteSummary) -> String {
        let name = site.name.map { " · \(e($0))" } ?? ""
        var html = """
            <article class="site" id="\(siteAnchor(site.id))">
            <div class="detail">
            <h3>\(e(site.id))\(name) <span class="muted">· \(e(site.country)) · \(e(site.product))</span></h3>

            """
        if let winner = figures.winner(site.id) {
            let total = winner.converted?.total.map { "\(e(ReportText.amount($0))) \(e(result.reportCurrency))" }
            let effective = winner.converted?.effectiveMonthly.map {
                " (\(e(ReportText.amount($0))) \(e(result.reportCurrency)) a month effective)"
            }
            html += """
                <p class="winner">Winner: <strong>\(e(winner.sellerName))</strong> — \
                \(e(ReportText.money(winner.monthlyRecurring.rounded))) per month\
                \(total.map { ", \($0) over \(e(ReportText.term(winner.termMonths)))" } ?? "")\(effective ?? ""), \
                \(e(ReportText.bandwidth(winner))), installs in \(e(ReportText.days(winner.installDays))), \
                SLA \(e(ReportText.uptime(winner.slaUptime)))</p>

                """
        } else {
            html += "<p class=\"nowinner\">No orderable offer.</p>\n"
        }
        if let validUntil = figures.winner(site.id)?.validUntil {
            html += "<p class=\"muted\">Quote valid until \(e(ReportText.day(validUntil)))</p>\n"
        }
        if let ranking = figures.ranking(site.id) {
            html += "<p class=\"why\">Why: \(e(ranking.explanation))</p>\n"
        }
        if !site.attributes.isEmpty {
            let attributes = site.attributes.sorted { $0.key < $1.key }.map { "\(e($0.key)): \(e($0.value))" }
            html += "<p class=\"muted attributes\">\(attributes.joined(separator: " · "))</p>\n"
        }
        if let pair = figures.pair(site.id) {
            html += "<p class=\"pair\">Diverse pair: \(e(pair.explanation))</p>\n"
        }
        let without = figures.outcomesWithoutOffer(site.id)
        if !without.isEmpty {
            html += "<ul class=\"without\">\n"
            for outcome in without {
                let state: ReportFigures.CellState =
                    switch outcome.status {
                    case .notServiceable: .notServiceable
                    case .declined: .declined
                    case .failed: .failed
                    case .offered: .notRanked
                    }
                html +=
                    "<li><span class=\"tag state-\(state.rawValue)\">\(e(state.label))</span> "
                    + "<strong>\(e(figures.sellerName(outcome.sellerId)))</strong>"
                    + (outcome.reason.map { ": \(e($0))" } ?? "") + "</li>\n"
            }
            html += "</ul>\n"
        }
        html += "</div>\n<figure class=\"scatter\">\(scatterChart(site.id))</figure>\n"
        html += offerTable(site.id) + "</article>\n"
        return html
    }

    private func offerTable(_ siteId: String) -> String {
        let offers = figures.offers(siteId)
        guard !offers.isEmpty else { return "" }
        let reasons = Dictionary(
            figures.excludedOffers(siteId).map { ($0.offer.id, $0.reason) }, uniquingKeysWith: { first, _ in first })
        var html = """
            <table class="offers">
            <thead><tr><th>#</th><th>Seller</th><th>Bandwidth</th><th class="num">Term</th>\
            <th class="num">Monthly</th><th class="num">One-off</th>\
            <th class="num">Eff/mo \(e(result.reportCurrency))</th>\
            <th class="num">Total \(e(result.reportCurrency))</th><th class="num">Install</th>\
            <th class="num">SLA</th><th class="num">Valid until</th><th>Note</th></tr></thead>
            <tbody>

            """
        let ranked = figures.rankedOffers(siteId).count
        for (index, offer) in offers.enumerated() {
            let rank = index < ranked ? "\(index + 1)" : "–"
            let rowClass = index == 0 && ranked > 0 ? " class=\"win\"" : index < ranked ? "" : " class=\"shown\""
            var note = reasons[offer.id].map { e($0) } ?? ""
            if !offer.warnings.isEmpty {
                note +=
                    "<details><summary>\(ReportText.plural(offer.warnings.count, "warning"))</summary><ul>"
                    + offer.warnings.map { "<li>\(e($0))</li>" }.joined() + "</ul></details>"
            }
            html += """
                <tr\(rowClass)><td>\(rank)</td><td>\(e(offer.sellerName))</td>\
                <td>\(e(ReportText.bandwidth(offer)))</td><td class="num">\(e(ReportText.term(offer.termMonths)))</td>\
                <td class="num">\(e(ReportText.money(offer.monthlyRecurring.rounded)))</td>\
                <td class="num">\(e(ReportText.money(offer.nonRecurring.rounded)))</td>\
                <td class="num">\(e(offer.converted?.effectiveMonthly.map(ReportText.amount) ?? "n/a"))</td>\
                <td class="num">\(e(offer.converted?.total.map(ReportText.amount) ?? "n/a"))</td>\
                <td class="num">\(e(ReportText.days(offer.installDays)))</td>\
                <td class="num">\(e(ReportText.uptime(offer.slaUptime)))</td>\
                <td class="num">\(e(offer.validUntil.map(ReportText.day) ?? "?"))</td><td class="note">\(note)</td></tr>

                """
        }
        return html + "</tbody>\n</table>\n"
    }

    private func runSection() -> String {
        var html = """
            <section id="run">
            <h2>Run</h2>
            <table class="facts">
            <tr><th>Run</th><td><code>\(e(result.runId))</code></td></tr>
            <tr><th>Started</th><td>\(e(ReportText.dateTime(result.startedAt)))</td></tr>
            <tr><th>Finished</th><td>\(e(ReportText.dateTime(result.finishedAt)))</td></tr>
            <tr><th>Report currency</th><td>\(e(result.reportCurrency))</td></tr>
            <tr><th>Ranking</th><td>\(e(policyText))</td></tr>
            </table>

            """
        html += """
            <h3>Sellers</h3>
            <table class="sellers">
            <thead><tr><th>Seller</th><th>Id</th><th class="num">Answered</th><th class="num">Sites won</th>\
            <th class="num">Offered</th><th class="num">Not serviceable</th><th class="num">Declined</th>\
            <th class="num">Failed</th><th class="num">Requests</th><th class="num">Retries</th>\
            <th class="num">Offers</th><th class="num">With drift</th><th class="num">Valid (days)</th></tr></thead>
            <tbody>

            """
        // The scorecard's figures that the result holds (`blackhail sellers stats` adds the journal's timings).
        let scores = Dictionary(
            SellerScorecard(since: result.startedAt, window: "", results: [result], timings: [], readings: []).sellers
                .map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for tally in figures.sellerTallies {
            let seller = tally.seller
            let score = scores[seller.id]
            html += """
                <tr><td>\(e(seller.name))\(seller.emulated ? " <span class=\"muted\">(demo)</span>" : "")</td>\
                <td><code>\(e(seller.id))</code></td><td class="num">\(seller.answered ? "yes" : "no")</td>\
                <td class="num">\(tally.sitesWon)</td><td class="num">\(tally.sitesOffered)</td>\
                <td class="num">\(tally.sites(.notServiceable))</td><td class="num">\(tally.sites(.declined))</td>\
                <td class="num">\(tally.sites(.failed))</td><td class="num">\(seller.requests)</td>\
                <td class="num">\(seller.retries)</td><td class="num">\(score?.offers ?? 0)</td>\
                <td class="num">\(score?.offersWithDrift ?? 0)</td>\
                <td class="num">\(score?.medianValidityDays.map(ReportText.number) ?? "")</td></tr>

                """
        }
        html += "</tbody>\n</table>\n"
        html += latencySection()
        if !result.inputs.isEmpty {
            html += """
                <h3>Inputs</h3>
                <table class="inputs">
                <thead><tr><th>File</th><th>Role</th><th class="num">Bytes</th><th>SHA-256</th></tr></thead>
                <tbody>

                """
            for input in result.inputs {
                html +=
                    "<tr><td><code>\(e(input.path))</code></td><td>\(e(input.role.rawValue))</td>"
                    + "<td class=\"num\">\(input.bytes)</td><td><code class=\"hash\">\(e(input.sha256))</code></td></tr>\n"
            }
            html += "</tbody>\n</table>\n"
        }
        return html + "</section>\n"
    }

    /// Each seller's requests of the run per MEF operation, latency and errors, when the result carries them (a run
    /// recorded in a journal: `QuoteRunResult.summariseExchanges`).
    private func latencySection() -> String {
        // A seller the run sent nothing (every site left out before any request) has no rows.
        let sellers = result.sellers.compactMap { seller in
            seller.operations.flatMap { $0.isEmpty ? nil : (seller, $0) }
        }
        guard !sellers.isEmpty else { return "" }
        var html = """
            <h3>Latency and errors</h3>
            <p class="muted">Every attempt of the run, retries included, as its journal recorded it; latency is the \
            time to the whole answer (nearest-rank percentiles); errors exclude 429 (throttled) and timeouts.</p>
            <div class="scroll"><table class="latency">
            <thead><tr><th>Seller</th><th>Operation</th><th class="num">Requests</th><th class="num">Retries</th>\
            <th class="num">p50 ms</th><th class="num">p95 ms</th><th class="num">Errors</th>\
            <th class="num">Throttled</th><th class="num">Timeouts</th></tr></thead>
            <tbody>

            """
        for (seller, operations) in sellers {
            for (index, operation) in operations.enumerated() {
                let name = index == 0 ? e(seller.name) : ""
                html += """
                    <tr><td>\(name)</td><td><code>\(e(operation.name))</code></td>\
                    <td class="num">\(operation.requests)</td><td class="num">\(operation.retries)</td>\
                    <td class="num">\(ReportText.number(operation.p50Ms))</td>\
                    <td class="num">\(ReportText.number(operation.p95Ms))</td>\
                    <td class="num">\(rate(operation.errors, operation.errorRate))</td>\
                    <td class="num">\(rate(operation.throttled, operation.throttleRate))</td>\
                    <td class="num">\(rate(operation.timeouts, operation.timeoutRate))</td></tr>

                    """
            }
        }
        return html + "</tbody>\n</table></div>\n"
    }

    /// A count with its percent of the requests: `3 (1.5%)`; `0` alone.
    private func rate(_ count: Int, _ percent: Double) -> String {
        count == 0 ? "0" : "\(count) (\(ReportText.number(percent))%)"
    }

    // MARK: Pieces

    private var policyText: String {
        let policy = result.policy
        var parts = ["lowest " + policy.costBasis.label.lowercased() + " cost"]
        if !policy.weights.isCostOnly {
            parts.append(
                "weights: cost \(ReportText.number(policy.weights.cost)), lead time "
                    + "\(ReportText.number(policy.weights.leadTime)), availability "
                    + ReportText.number(policy.weights.availability))
        }
        if let days = policy.constraints.maxInstallDays {
            parts.append("installs within \(ReportText.number(days)) days")
        }
        if let uptime = policy.constraints.minSlaUptime { parts.append("SLA at least \(ReportText.number(uptime))%") }
        return parts.joined(separator: "; ")
    }

    /// The matrix's pair column: the two sellers and the combined availability, or that no diverse pair exists.
    private func pairCell(_ pair: PairRanking?) -> String {
        guard let pair else { return "<td class=\"muted\">not asked</td>" }
        let sellers = [pair.primary, pair.secondary].compactMap { $0.flatMap(result.offer(id:))?.sellerName }
        guard sellers.count == 2 else {
            return "<td class=\"state-notServiceable\" title=\"\(e(pair.explanation))\">no diverse pair</td>"
        }
        let availability = pair.availability.map { " (" + PairRanker.percent($0) + ")" } ?? ""
        return
            "<td class=\"state-winner\" title=\"\(e(pair.explanation))\">\(e(sellers.joined(separator: " + ")))\(e(availability))</td>"
    }

    private func cellText(_ cell: ReportFigures.Cell) -> String {
        switch cell.state {
        case .winner, .ranked, .notRanked:
            guard let offer = cell.offer else { return e(cell.state.label) }
            let price = figures.cellPrice(offer)
            switch cell.state {
            case .winner: return "★ " + e(price)
            case .notRanked: return "(" + e(price) + ")"
            default: return e(price)
            }
        case .notServiceable: return "n/s"
        case .declined, .failed, .missing: return e(cell.state.label)
        }
    }

    private func tooltip(_ cell: ReportFigures.Cell, seller: QuoteRunResult.SellerSummary) -> String {
        var text = "\(seller.name): \(cell.state.label)"
        if let offer = cell.offer {
            text +=
                " — \(ReportText.money(offer.monthlyRecurring.rounded)) per month"
                + (offer.nonRecurring.amount > 0 ? " + \(ReportText.money(offer.nonRecurring.rounded)) one-off" : "")
                + ", \(ReportText.term(offer.termMonths)), \(ReportText.bandwidth(offer)), "
                + "installs in \(ReportText.days(offer.installDays))"
        } else if let reason = cell.outcome?.reason {
            text += ": \(reason)"
        }
        return text
    }

    /// The outcome colours: light as in the matrix, or strong as in the charts.
    private func legend(_ states: [ReportFigures.CellState], strong: Bool = false) -> String {
        let tags = states.map { state in
            strong
                ? "<span class=\"tag\" style=\"background:\(Self.colour(state, strong: true))\">\(e(state.label))</span>"
                : "<span class=\"tag state-\(state.rawValue)\">\(e(state.label))</span>"
        }
        return "<p class=\"legend\">" + tags.joined(separator: " ") + "</p>"
    }

    /// Anchors by position, so that no site id ever has to be a valid fragment.
    func siteAnchor(_ siteId: String) -> String {
        "site-\((result.sites.firstIndex { $0.id == siteId } ?? -1) + 1)"
    }

    func e(_ text: String) -> String { MarkupText.html(text) }

    /// Colours of the outcome states, light for table cells and strong for chart bars.
    static func colour(_ state: ReportFigures.CellState, strong: Bool = false) -> String {
        switch state {
        case .winner: strong ? "#2f9e55" : "#9fdcb0"
        case .ranked: strong ? "#8fd3a3" : "#dcf3e3"
        case .notRanked: strong ? "#e9c046" : "#fbefc3"
        case .notServiceable: strong ? "#c3c7cc" : "#eceef0"
        case .declined: strong ? "#ee9a4d" : "#fbdcc0"
        case .failed: strong ? "#d9534f" : "#f6c6c4"
        case .missing: strong ? "#ffffff" : "#ffffff"
        }
    }

    /// With many sellers the matrix scrolls sideways in its own box while the site column stays (sticky); its
    /// borders are separate, not collapsed, because a sticky cell's collapsed border scrolls away and lets the
    /// prices passing under it show through. Below 900 px the cards, charts and site details take one column.
    static var style: String {
        let states = ReportFigures.CellState.allCases.map { state in
            ".state-\(state.rawValue){background:\(colour(state))}"
        }.joined()
        return """
            :root{color-scheme:light}*{box-sizing:border-box}\
            body{margin:0;background:#f3f4f6;color:#1f2328;\
            font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}\
            main{max-width:1320px;margin:0 auto;padding:24px 32px 48px;background:#fff}\
            h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 12px;padding-bottom:4px;\
            border-bottom:1px solid #d0d7de}h3{font-size:15px;margin:0 0 6px}\
            .meta,.muted,figcaption,.note{color:#57606a}code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}\
            .cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin:12px 0 16px}\
            .card{border:1px solid #d0d7de;border-radius:8px;padding:10px 14px}.card.alert{border-color:#d9534f}\
            .card .label{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#57606a}\
            .card .value{font-size:22px;font-weight:600;font-variant-numeric:tabular-nums}\
            .card .unit{font-size:14px;font-weight:400;color:#57606a}.card .note{font-size:12px}\
            .charts{display:grid;grid-template-columns:1fr 1fr;gap:24px;margin-top:16px}\
            figure{margin:0}figcaption{font-size:13px;margin-bottom:6px}svg{display:block;max-width:100%}\
            svg text{font-family:inherit;font-size:11px;fill:#1f2328}\
            table{border-collapse:collapse;font-variant-numeric:tabular-nums}\
            th,td{border:1px solid #d0d7de;padding:3px 7px;text-align:left;vertical-align:top}\
            thead th{background:#f6f8fa}.num{text-align:right;white-space:nowrap}\
            .scroll{overflow-x:auto}.matrix{width:100%}.matrix td{text-align:right;white-space:nowrap}\
            .matrix{border-collapse:separate;border-spacing:0}.matrix th,.matrix td{border-width:0 1px 1px 0}\
            .matrix tr>:first-child{border-left-width:1px}.matrix thead th{border-top-width:1px}\
            .matrix thead th{white-space:normal;vertical-align:bottom;min-width:76px}\
            .matrix tbody th{font-weight:400;min-width:130px;max-width:220px}\
            .matrix tbody th a{font-weight:600;white-space:nowrap}\
            .matrix tbody th,.matrix thead th:first-child{position:sticky;left:0;z-index:1;background:#fff;\
            box-shadow:2px 0 3px -1px rgba(0,0,0,.12)}\
            .matrix thead th:first-child{background:#f6f8fa}\
            .matrix td.state-winner{font-weight:700}a{color:#0b5cad;text-decoration:none}\
            .legend{margin:6px 0}.tag{display:inline-block;padding:0 6px;border-radius:4px;font-size:12px;\
            border:1px solid rgba(0,0,0,.08)}\
            .site{display:grid;grid-template-columns:minmax(0,1fr) 340px;gap:16px;border:1px solid #d0d7de;\
            border-radius:8px;padding:12px 14px;margin:12px 0;break-inside:avoid}\
            .site p{margin:4px 0}.why{color:#57606a}.offers{grid-column:1/-1;width:100%;font-size:13px;margin:0}\
            .offers td{white-space:nowrap}.offers td.note{white-space:normal}\
            .offers tr.win td{background:#eaf7ee;font-weight:600}.offers tr.shown td{color:#57606a}\
            .offers td.note{font-size:12px;min-width:240px}details summary{cursor:pointer;color:#57606a}\
            details ul{margin:2px 0;padding-left:16px}.without{margin:6px 0;padding-left:0;list-style:none;\
            font-size:13px}.without li{margin:2px 0}.failures,.warnings{margin:4px 0}\
            .chartkey{font-size:12px;color:#57606a;margin:4px 0}.key{white-space:nowrap}\
            .dot{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:3px}\
            .facts th{background:#f6f8fa;font-weight:600}.sellers,.inputs,.latency{margin:6px 0 12px}.hash{font-size:11px}\
            @media (max-width:900px){main{padding:16px 12px 32px}.cards{grid-template-columns:repeat(2,1fr)}\
            .charts{grid-template-columns:minmax(0,1fr)}.site{grid-template-columns:minmax(0,1fr)}}\
            @media print{body{background:#fff}main{padding:0}.matrix tbody th,.matrix thead th:first-child{position:static;\
            box-shadow:none}}\
            \(states)
            """
    }
}
