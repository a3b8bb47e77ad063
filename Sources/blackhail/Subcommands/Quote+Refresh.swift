import ArgumentParser
import BlackHailCore
import Foundation

extension BlackHailCommand.Quote {
    /// `--refresh` takes its inputs from the run it refreshes, as `--resume` does; `--within` means nothing
    /// without it.
    func validateRefresh() throws {
        guard let refresh else {
            if within != nil { throw ValidationError("--within goes with --refresh RUN") }
            return
        }
        if resume != nil { throw ValidationError("give --refresh or --resume, not both") }
        let given =
            [("the site list", sites != nil), ("--sellers", sellers != nil)].filter(\.1).map(\.0)
            + ranking.given + (pairs ? ["--pairs"] : [])
        if !given.isEmpty {
            throw ValidationError(
                "--refresh \(refresh) quotes again with the inputs run \(refresh) was made with: drop "
                    + given.joined(separator: ", "))
        }
    }

    /// A new run over the sites of a finished run whose winning quote expires within the window, linked to it.
    /// Nothing to refresh ends the command (exit 0) before any seller is contacted.
    func refreshed(_ reference: String, store: StoreReference) throws -> RunStart {
        let journal = try StoreOptions.open(store)
        let runId = try RunReference.resolve(reference, in: journal)
        guard let recorded = try journal.run(runId), let started = try journal.startedRun(runId) else {
            throw JournalError.unknownRun(runId)
        }
        guard let data = started.invocation,
            let invocation = try? JSONDecoder().decode(QuoteInvocation.self, from: data)
        else {
            throw CommandFailure(
                .input, "run \(runId) was recorded before runs kept their inputs: quote its site list anew")
        }
        let window = within ?? PeriodArgument.defaultWindow
        let cutoff = Date().addingTimeInterval(window.seconds)
        let plan: QuoteRefresh?
        do {
            plan = try QuoteRefresh.plan(
                recorded.result, siteList: recorded.siteList, siteListName: recorded.siteListName, before: cutoff)
        } catch {
            throw CommandFailure(.input, "run \(runId): \(error.description)")
        }
        guard let plan else {
            if !global.quiet {
                Console.error(
                    "nothing to refresh: no winning quote of run \(runId) expires within \(window.text)")
            }
            throw ExitStatus.success
        }
        if !global.quiet {
            Console.error(
                "refreshing run \(runId): \(ReportText.plural(plan.sites.count, "site")) whose winning quote expires "
                    + "within \(window.text), of \(recorded.result.sites.count)")
        }
        var start = try RunLifecycle.start(invocation, sites: plan.sites, siteList: plan.siteList, store: store)
        start.refreshOf = runId
        return start
    }
}

extension BlackHailCommand.Quote {
    /// For a refresh run (new, or resumed): the qualifications of the refreshed run that its sellers still
    /// guarantee, so that those sites are quoted without a new POQ. None when the journal cannot say: the sites
    /// are then qualified again, which is never wrong.
    func reusableQualifications(_ start: RunStart, journal: Journal?) -> QualificationReuse? {
        guard let journal,
            let refreshOf = start.refreshOf ?? (start.journal == nil ? nil : try? journal.refreshOf(start.runId)),
            let exchanges = try? journal.exchanges(runId: refreshOf)
        else { return nil }
        let reuse = QualificationReuse(
            runId: refreshOf, exchanges: exchanges, siteIds: Set(start.sites.map(\.id)))
        if !global.quiet, reuse.count > 0 {
            Console.error(
                "\(ReportText.plural(reuse.count, "POQ item")) of run \(refreshOf) still guaranteed by their seller: "
                    + "quoted without a new POQ")
        }
        return reuse
    }
}
