import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive lock (`flock`) on `locks/<name>.lock` in the store, held for as long as the object lives. The
/// operating system releases it when the process ends, however it ends. Two holders in one process exclude each
/// other too: the lock belongs to the open file, not to the process.
package final class LockFile: Sendable {
    private let descriptor: Int32

    /// Takes the lock, or returns nil when another holder has it.
    package init?(name: String, store: URL) throws {
        let path = Self.path(name: name, store: store)
        try PrivateFiles.makeDirectory(store.appendingPathComponent("locks"))
        let descriptor = open(path, O_CREAT | O_RDWR, 0o600)
        guard descriptor >= 0 else { throw JournalError.storage("cannot open \(path): errno \(errno)") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
    }

    deinit {
        // The file stays: removing it would let a process that opened it just before lock a file no other process
        // can see, while another locks a new one of the same name.
        close(descriptor)
    }

    /// Whether some holder has the lock now.
    package static func isHeld(name: String, store: URL) -> Bool {
        let descriptor = open(path(name: name, store: store), O_RDWR)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return flock(descriptor, LOCK_EX | LOCK_NB) != 0
    }

    private static func path(name: String, store: URL) -> String {
        store.appendingPathComponent("locks/\(name).lock").path
    }
}
