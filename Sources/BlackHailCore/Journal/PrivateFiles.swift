import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The store holds prices, buyer contacts and every seller's answers: its directories are the user's alone (0700)
/// and so are its files (0600), whatever the umask, and those made by an older blackhail are tightened when the
/// journal is opened.
package enum PrivateFiles {
    package static let directoryMode: mode_t = 0o700
    package static let fileMode: mode_t = 0o600

    /// Creates `directory` (and missing parents) private to the user, or makes an existing one private.
    package static func makeDirectory(_ directory: URL) throws {
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: true,
            attributes: [.posixPermissions: NSNumber(value: directoryMode)])
        guard chmod(directory.path, directoryMode) == 0 else {
            throw JournalError.storage("cannot make \(directory.path) private: errno \(errno)")
        }
    }

    /// Creates an empty file at `path` private to the user, unless there is one. SQLite gives the write-ahead log and
    /// its index the database file's mode: a database file made private before SQLite opens it keeps them private.
    package static func createFile(_ path: String) throws {
        let descriptor = open(path, O_CREAT | O_WRONLY, fileMode)
        guard descriptor >= 0 else { throw JournalError.storage("cannot create \(path): errno \(errno)") }
        close(descriptor)
    }

    /// Makes the file at `path` private to the user, if there is one.
    package static func restrict(_ path: String) throws {
        guard chmod(path, fileMode) == 0 || errno == ENOENT else {
            throw JournalError.storage("cannot make \(path) private: errno \(errno)")
        }
    }
}
