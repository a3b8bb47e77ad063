import Foundation
import TestSupport
import Testing

@testable import BlackHailCore

/// A run's life in the journal without spawning a process: held by one process, resumable only while it would
/// send what it sent.
@Suite(.startsPostgres) struct RunLifecycleTests {
    static let siteList = Data("site_id,street_name,city,country,bandwidth_mbps\nA,Main,Springfield,US,100\n".utf8)

    static func invocation() -> QuoteInvocation {
        QuoteInvocation(
            sites: "sites.csv", sellers: "sellers", currency: "USD", rates: nil, rateFlags: [], policy: nil,
            pairs: false, workingDirectory: "/")
    }

    static func started(store: TestStore) throws -> (RunStart, Journal, [QuoteRunResult.InputFile]) {
        let sites = try SiteListReader.parse(siteList, sourceName: "sites.csv").sites
        let start = try RunLifecycle.start(invocation(), sites: sites, siteList: siteList, store: store.reference)
        let inputs = [QuoteRunResult.InputFile(role: .sites, path: "sites.csv", contents: siteList)]
        let journal = try RunLifecycle.begin(start, inputs: inputs, store: store.reference)
        return (start, journal, inputs)
    }

    @Test(arguments: StoreKind.all) func aRunHeldByOneProcessCannotBeResumedByAnother(_ kind: StoreKind) throws {
        let store = try TestStore(kind)
        defer { store.remove() }
        let (start, journal, _) = try Self.started(store: store)
        #expect(throws: RunLifecycleError.busy(runId: start.runId)) {
            try RunLifecycle.resume(start.runId, in: journal)
        }
    }

    @Test(arguments: StoreKind.all)
    func anInterruptedRunResumesWithItsRecordedInputsAndRefusesChangedOnes(_ kind: StoreKind) throws {
        let store = try TestStore(kind)
        defer { store.remove() }
        var runId = ""
        var inputs: [QuoteRunResult.InputFile] = []
        do {
            let (start, journal, recorded) = try Self.started(store: store)
            try journal.mark(start.runId, .interrupted)
            runId = start.runId
            inputs = recorded
        }  // the lock goes with the process's start
        let resumed = try RunLifecycle.resume("latest", in: try store.reopened())
        #expect(resumed.runId == runId)
        #expect(resumed.sites.map(\.id) == ["A"])
        #expect(resumed.invocation.inputs == inputs)
        try RunLifecycle.confirmResumable(resumed, inputs: inputs)
        let edited = [QuoteRunResult.InputFile(role: .sites, path: "sites.csv", contents: Data("x".utf8))]
        #expect {
            try RunLifecycle.confirmResumable(resumed, inputs: edited)
        } throws: { error in
            (error as? RunLifecycleError).map { "\($0)".contains("sites.csv changed since it started") } ?? false
        }
    }

    @Test(arguments: StoreKind.all) func aFinishedRunIsNotResumed(_ kind: StoreKind) throws {
        let store = try TestStore(kind)
        defer { store.remove() }
        var result = ResultRankerTests.result()
        do {
            let (start, journal, _) = try Self.started(store: store)
            result.runId = start.runId
            try journal.save(result, siteList: Self.siteList, siteListName: "sites.csv")
        }
        #expect {
            try RunLifecycle.resume(result.runId, in: try store.reopened())
        } throws: { error in
            (error as? RunLifecycleError).map { "\($0)".contains("it finished") } ?? false
        }
    }
}
