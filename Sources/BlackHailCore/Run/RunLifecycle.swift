import Foundation

/// Where a quote run starts from: new from the command line, or resumed from the journal. Held by this process
/// (`lock`) for as long as it works on the run.
package struct RunStart: Sendable {
    package var runId: String
    package var startedAt: Date
    package var invocation: QuoteInvocation
    package var sites: [Site]
    /// The site list's bytes, for the journal.
    package var siteList: Data
    package var lock: RunLock
    /// The journal, when the run is already recorded in it (resumed).
    package var journal: Journal?
    /// Per seller, the answers a resumed run already has.
    package var replay: [String: ReplayTape] = [:]
    /// The run a `quote --refresh` run re-quotes expiring sites of.
    package var refreshOf: String?
}

/// Why a run cannot start or be resumed.
package enum RunLifecycleError: CategorizedError, Equatable {
    /// Another process works on the run.
    case busy(runId: String)
    /// The run cannot be resumed, and why.
    case notResumable(runId: String, why: String)
    /// An input file of the invocation cannot be read.
    case unreadable(String)
    /// The store cannot be written.
    case store(path: String, why: String)

    package var kind: FailureKind {
        switch self {
        case .busy, .notResumable, .unreadable: .input
        case .store: .environment
        }
    }

    package var description: String {
        switch self {
        case .busy(let runId): "cannot resume run \(runId): another blackhail process is still working on it"
        case .notResumable(let runId, let why): "cannot resume run \(runId): \(why)"
        case .unreadable(let path): "\(path): cannot read the file"
        case .store(let path, let why): "\(path): \(why)"
        }
    }
}

/// A quote run's life in the journal: held by one process from its start, recorded before anything is sent,
/// resumed only when it would send what it sent, marked interrupted or finished.
package enum RunLifecycle {
    /// A new run of `invocation` over `sites` (parsed from `siteList`), held by this process.
    package static func start(
        _ invocation: QuoteInvocation, sites: [Site], siteList: Data, store: StoreReference, now: Date = Date()
    ) throws(RunLifecycleError) -> RunStart {
        let runId = QuoteRunner.makeRunId(date: now)
        return RunStart(
            runId: runId, startedAt: now, invocation: invocation, sites: sites, siteList: siteList,
            lock: try lock(runId, store: store))
    }

    /// An unfinished run from the journal, with the answers it already has; held by this process from before it is
    /// read, so that two processes never resume one run.
    package static func resume(_ reference: String, in journal: Journal) throws -> RunStart {
        let runId = try journal.resolveRunId(reference)
        let lock = try lock(runId, store: journal.reference)
        func refuse(_ why: String) -> RunLifecycleError { .notResumable(runId: runId, why: why) }
        guard let run = try journal.startedRun(runId) else { throw refuse("it is not in the journal") }
        // A finished run resumes only to poll again what was still pending at a seller when its polling time ran
        // out (`limits.maxPollMinutes`).
        let pending = try run.state == .finished && journal.run(runId)?.result.hasPendingAtSeller == true
        guard run.state != .finished || pending else {
            throw refuse("it finished; start a new run to ask the sellers again")
        }
        guard run.orderCount == 0 else { throw refuse("orders were placed from it; start a new run instead") }
        guard let recorded = run.invocation,
            let invocation = try? JSONDecoder().decode(QuoteInvocation.self, from: recorded)
        else { throw refuse("it was recorded before runs could be resumed") }
        let sites: [Site]
        do throws(SiteListError) {
            sites = try SiteListReader.parse(run.siteList, sourceName: run.siteListName).sites
        } catch {
            throw refuse(error.description)
        }
        return RunStart(
            runId: runId, startedAt: run.startedAt, invocation: invocation, sites: sites, siteList: run.siteList,
            lock: lock, journal: journal, replay: try journal.replayTapes(runId: runId))
    }

    /// A resumed run must send what the run sent: refused when a seller profile, the rates or the policy file was
    /// added, removed or edited since it started.
    package static func confirmResumable(
        _ start: RunStart, inputs: [QuoteRunResult.InputFile]
    ) throws(RunLifecycleError) {
        let recorded = start.invocation.inputs
        let changed = Set(inputs.map(\.path)).union(recorded.map(\.path)).sorted().filter { path in
            inputs.first { $0.path == path } != recorded.first { $0.path == path }
        }
        guard changed.isEmpty else {
            throw .notResumable(
                runId: start.runId,
                why: "\(changed.joined(separator: ", ")) changed since it started (added, removed or edited), so it "
                    + "would not send what it sent; start a new run")
        }
    }

    /// Records a new run in the journal of `store` before anything is sent, with the files it read.
    package static func begin(
        _ start: RunStart, inputs: [QuoteRunResult.InputFile], store: StoreReference
    ) throws -> Journal {
        var invocation = start.invocation
        invocation.inputs = inputs
        let journal = try Journal(store)
        try journal.begin(
            runId: start.runId, startedAt: start.startedAt, siteCount: start.sites.count, siteList: start.siteList,
            siteListName: invocation.sites, invocation: try JSONEncoder().encode(invocation),
            refreshOf: start.refreshOf)
        return journal
    }

    /// Holds the run for this process; another process working on it means it cannot be worked on here.
    private static func lock(_ runId: String, store: StoreReference) throws(RunLifecycleError) -> RunLock {
        do {
            if let directory = store.directory { try PrivateFiles.makeDirectory(directory) }
            guard let lock = try RunLock(runId: runId, store: store) else { throw RunLifecycleError.busy(runId: runId) }
            return lock
        } catch let error as RunLifecycleError {
            throw error
        } catch {
            throw .store(path: store.description, why: "\(error)")
        }
    }
}
