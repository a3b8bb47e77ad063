import Foundation
import PostgresNIO

extension PostgresJournal {
    package func begin(
        runId: String, startedAt: Date, siteCount: Int, siteList: Data, siteListName: String, invocation: Data,
        refreshOf: String?, origin: RunOrigin
    ) throws {
        try connections.query(
            """
            INSERT INTO run (id, state, startedAt, siteCount, siteList, siteListName, invocation, refreshOf, host,
                userName)
            VALUES (\(runId), \(RunState.running.rawValue), \(startedAt), \(siteCount), \(siteList), \(siteListName),
                \(invocation), \(refreshOf), \(origin.host), \(origin.user))
            """)
    }

    package func mark(_ runId: String, _ state: RunState) throws {
        try connections.query("UPDATE run SET state = \(state.rawValue) WHERE id = \(runId)")
    }

    package func save(_ result: QuoteRunResult, json: Data, siteList: Data, siteListName: String) throws {
        try connections.query(
            """
            INSERT INTO run (id, state, startedAt, finishedAt, siteCount, offerCount, coveredSites, completeness,
                result, siteList, siteListName, earliestExpiry)
            VALUES (\(result.runId), \(RunState.finished.rawValue), \(result.startedAt), \(result.finishedAt),
                \(result.sites.count), \(result.offers.count), \(result.coveredSites.count),
                \(result.completeness.rawValue), \(json), \(siteList), \(siteListName),
                \(RunSummary.earliestExpiry(of: result.winners)))
            ON CONFLICT (id) DO UPDATE SET state = excluded.state, finishedAt = excluded.finishedAt,
                earliestExpiry = excluded.earliestExpiry, siteCount = excluded.siteCount,
                offerCount = excluded.offerCount, coveredSites = excluded.coveredSites,
                completeness = excluded.completeness, result = excluded.result, siteList = excluded.siteList,
                siteListName = excluded.siteListName
            """)
    }

    /// The file is sent whole: a bound value is one message of the protocol. Results are bounded by the run's
    /// size (a thousand sites by twenty sellers is a few tens of megabytes), and PostgreSQL's own limit for a
    /// value (1 GB) is checked before anything is read.
    package func save(_ result: QuoteRunResult, jsonFile: URL, siteList: Data, siteListName: String) throws {
        let size = try FileManager.default.attributesOfItem(atPath: jsonFile.path)[.size] as? Int ?? 0
        guard size < 1 << 30 else { throw JournalError.storage("a result of \(size) bytes is too large") }
        try save(result, json: try Data(contentsOf: jsonFile), siteList: siteList, siteListName: siteListName)
    }

    package func runs() throws -> [RunRecord] {
        try connections.query(
            """
            SELECT \(unescaped: Self.runColumns) FROM run ORDER BY startedAt DESC, id DESC
            """
        ).map(Self.runRecord)
    }

    /// The columns `runRecord` reads, in its order.
    static let runColumns = """
        id, state, startedAt, finishedAt, siteCount, offerCount, coveredSites, completeness, siteListName,
        earliestExpiry, host, userName, (SELECT COUNT(*) FROM productOrder WHERE runId = run.id) AS orderCount
        """

    static func runRecord(_ row: PostgresRow) throws -> RunRecord {
        let (
            id, state, startedAt, finishedAt, siteCount, offerCount, coveredSites, completeness, siteListName,
            earliestExpiry, host, user, orderCount
        ) = try row.decode(
            (String, String, Date, Date?, Int, Int, Int, String?, String, Date?, String?, String?, Int).self)
        return RunRecord(
            id: id, state: RunState(rawValue: state) ?? .running, startedAt: startedAt, finishedAt: finishedAt,
            siteCount: siteCount, offerCount: offerCount, coveredSites: coveredSites, completeness: completeness,
            siteListName: siteListName, orderCount: orderCount, earliestExpiry: earliestExpiry,
            origin: host.flatMap { host in user.map { RunOrigin(host: host, user: $0) } })
    }

    package func resolveRunId(_ reference: String) throws(JournalError) -> String {
        let ids: [String]
        do {
            let rows =
                reference == "latest"
                ? try connections.query("SELECT id FROM run ORDER BY startedAt DESC, id DESC LIMIT 1")
                : try connections.query(
                    "SELECT id FROM run WHERE starts_with(id, \(reference)) ORDER BY id LIMIT 100")
            ids = try rows.map { try $0.decode(String.self) }
        } catch {
            throw .storage("\(error)")
        }
        if ids.contains(reference) { return reference }
        guard ids.count == 1, let id = ids.first else {
            throw ids.isEmpty ? .unknownRun(reference) : .ambiguousRun(reference, ids)
        }
        return id
    }

    package func run(_ id: String) throws -> (result: QuoteRunResult, siteList: Data, siteListName: String)? {
        guard
            let row = try connections.query(
                "SELECT state, result, siteList, siteListName FROM run WHERE id = \(id)"
            ).first
        else { return nil }
        let (state, result, siteList, siteListName) = try row.decode((String, Data?, Data, String).self)
        guard let result else { throw JournalError.unfinishedRun(id, RunState(rawValue: state) ?? .running) }
        return (try ResultJSON.decode(result), siteList, siteListName)
    }

    package func refreshOf(_ runId: String) throws -> String? {
        try connections.query("SELECT refreshOf FROM run WHERE id = \(runId)").first?.decode(String?.self) ?? nil
    }

    package func startedRun(_ id: String) throws -> StartedRun? {
        try connections.query(
            """
            SELECT id, state, startedAt, siteList, siteListName, invocation,
                (SELECT COUNT(*) FROM productOrder WHERE runId = run.id) AS orderCount
            FROM run WHERE id = \(id)
            """
        ).first.map { row in
            let (id, state, startedAt, siteList, siteListName, invocation, orderCount) = try row.decode(
                (String, String, Date, Data, String, Data?, Int).self)
            return StartedRun(
                id: id, state: RunState(rawValue: state) ?? .running, startedAt: startedAt, siteList: siteList,
                siteListName: siteListName, invocation: invocation, orderCount: orderCount)
        }
    }
}
