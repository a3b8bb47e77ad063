import BlackHailCore
import Foundation
import MEF139

extension BlackHailCommand.Quote {
    /// `quote --dry-run`: every input a run reads is checked as the run checks it (site list, profiles, rates,
    /// currency, policy, each MEF 139 configuration against the schemas), then the requests each seller would get
    /// are printed. Nothing is sent, no demo seller is started and the journal is not touched.
    enum DryRun {
        static func check(_ invocation: QuoteInvocation, siteList: (list: SiteList, bytes: Data)) throws {
            // The files as 'blackhail validate' checks them: every problem of every file, at its line and column.
            let sellers = invocation.sellers
            var problems = InputCheck.sellerProfiles(at: invocation.resolved(sellers), name: sellers).problems
            if let rates = invocation.ratesPath {
                problems += InputCheck.rates(at: invocation.resolved(rates), name: rates)
            }
            if let policy = invocation.policy {
                problems += InputCheck.policy(at: invocation.resolved(policy), name: policy)
            }
            guard problems.isEmpty else {
                throw CommandFailure(
                    .input, problems.map(\.description).joined(separator: "\n") + "\nNothing was sent to any seller.")
            }
            let profiles = try loadProfiles(from: invocation.resolved(invocation.sellers))
            let setup = try RankingSetup.load(
                currency: invocation.currency, ratesPath: invocation.ratesPath, rateFlags: invocation.rateFlags,
                policyPath: invocation.policy, resolve: invocation.resolved)
            let validator: PayloadValidator
            do {
                validator = try PayloadValidator.bundled()
            } catch {
                throw CommandFailure(.environment, "cannot load the MEF 139 schemas: \(error)")
            }
            let plan = RequestPlan(
                plan: QuotePlan(sites: siteList.list.sites, validator: validator), profiles: profiles)
            Console.out(render(plan, invocation: invocation, siteList: siteList.list, setup: setup))
            // A line the schemas reject would never be sent: the site list needs fixing before the run.
            if !plan.rejected.isEmpty { throw ExitStatus.dataError }
        }

        static func render(
            _ plan: RequestPlan, invocation: QuoteInvocation, siteList: SiteList, setup: RankingSetup
        ) -> String {
            let rates = invocation.ratesPath ?? (invocation.rateFlags.isEmpty ? "none" : "--rate only")
            var lines = [
                "Dry run: nothing was sent to any seller and nothing was recorded.",
                "Checked: \(siteList.sites.count) sites in \(TerminalText.safe(siteList.sourceName)) "
                    + "(\(plan.lines) site x bandwidth lines), \(plan.sellers.count) seller profiles in "
                    + "\(TerminalText.safe(invocation.sellers)),",
                "  rates \(TerminalText.safe(rates)), currency \(setup.reportCurrency), policy "
                    + "\(TerminalText.safe(invocation.policy ?? "standard")) "
                    + "(\(setup.policy.costBasis.label.lowercased())).",
                "",
            ]
            let header = [
                "Seller", "Sites", "Address validations", "POQs", "Quotes (at most)", "Items/request",
                "Concurrency",
            ]
            let rows =
                [header]
                + plan.sellers.map { seller in
                    [
                        seller.sellerId, "\(seller.sites)", "\(seller.addressValidations)", "\(seller.poqs)",
                        "\(seller.quotesAtMost)", "\(seller.itemsPerRequest)", "\(seller.concurrency)",
                    ]
                }
            let widths = header.indices.map { column in rows.map { TerminalText.safe($0[column]).count }.max() ?? 0 }
            for row in rows {
                lines.append(
                    row.indices.map { TerminalText.column(row[$0], widths[$0], alignRight: $0 > 0) }
                        .joined(separator: "  "))
            }
            lines.append("")
            lines.append("At most \(plan.totalRequests) requests in all, plus OAuth2 token requests and status polls")
            lines.append("for sellers that answer later; alternates a seller proposes are quoted too.")
            for (site, problems) in plan.rejected.sorted(by: { $0.key < $1.key }) {
                for problem in problems { lines.append("error: site \(TerminalText.safe(site)): \(problem)") }
            }
            return lines.joined(separator: "\n")
        }
    }
}
