import BlackHailCore
import Foundation

/// A finished run named on the command line: a saved result file, or a run of the journal by id, unique prefix,
/// `latest`, or `latest~N` (the run N before the newest).
enum RunReference {
    static func load(_ reference: String, store: StoreOptions) throws -> QuoteRunResult {
        if let contents = FileManager.default.contents(atPath: reference) {
            do {
                return try ResultJSON.decode(contents)
            } catch {
                throw CommandFailure(.input, "\(reference): \(error.description)")
            }
        }
        if FileManager.default.fileExists(atPath: reference) {
            throw CommandFailure(.input, "\(reference): cannot read the file")
        }
        let journal = try store.open()
        return try store.finishedRun(try resolve(reference, in: journal), in: journal).result
    }

    /// `latest~N` by position among the runs, newest first; anything else as the journal resolves it.
    static func resolve(_ reference: String, in journal: Journal) throws -> String {
        guard reference.hasPrefix("latest~") else { return try journal.resolveRunId(reference) }
        guard let back = Int(reference.dropFirst("latest~".count)), back >= 0, back < 1_000_000 else {
            throw CommandFailure(
                .usage, "\(reference): expected latest~N with N a number of runs back, such as latest~1")
        }
        let runs = try journal.runs()
        guard back < runs.count else {
            throw CommandFailure(.input, "\(reference): the journal holds only \(ReportText.plural(runs.count, "run"))")
        }
        return runs[back].id
    }
}
