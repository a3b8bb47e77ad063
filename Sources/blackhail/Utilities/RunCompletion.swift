import ArgumentParser
import BlackHailCore
import Foundation

/// Shell completion of run ids: the journal's runs, newest first, and `latest`. The shell runs blackhail for them on
/// TAB (argument-parser's custom completion), with the words typed so far: a `--store DIR` among them is honoured,
/// else the store in force (`Settings`). Completion never creates a journal, and says nothing when it cannot read one.
enum RunCompletion {
    static let kind = CompletionKind.custom { words, _, prefix in ids(words: words, prefix: prefix) }

    static func ids(words: [String], prefix: String) -> [String] {
        let flagged = words.firstIndex(of: "--store").flatMap { words.indices.contains($0 + 1) ? words[$0 + 1] : nil }
        // A database is not asked: completion must answer at once, and offline.
        guard let store = (try? Settings.current(.store, flag: flagged)) ?? nil,
            case .directory(let directory) = try? StoreReference(store)
        else { return [] }
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent(Journal.fileName).path),
            let runs = try? Journal(directory: directory).runs()
        else { return [] }
        return (["latest"] + runs.map(\.id)).filter { $0.hasPrefix(prefix) }
    }
}
