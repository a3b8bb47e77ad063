import Foundation

extension SQLiteJournal: JournalStore {
    /// The directory holding the journal's file.
    package var directory: URL { URL(fileURLWithPath: path).deletingLastPathComponent() }

    package var reference: StoreReference { .directory(directory) }
}

extension LockFile: HeldLock {}
