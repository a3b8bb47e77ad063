import Foundation

/// Where the journal lives: a directory holding an SQLite file (the embedded default, one person's history), or a
/// PostgreSQL database a team shares (`postgres://user@host:port/database`).
package enum StoreReference: Sendable, Hashable, CustomStringConvertible {
    case directory(URL)
    case postgres(PostgresLocation)

    /// Reads `--store`, `BLACKHAIL_STORE` or a config file's `store`: a `postgres://` or `postgresql://` URL names a
    /// database, anything else a directory.
    package init(_ text: String) throws(StoreReferenceError) {
        if Self.isDatabaseURL(text) {
            self = .postgres(try PostgresLocation(url: text))
        } else {
            self = .directory(URL(fileURLWithPath: text))
        }
    }

    /// Whether `text` names a database rather than a directory.
    package static func isDatabaseURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    /// Why `text` cannot be a store, or nil when it can.
    package static func problem(with text: String) -> String? {
        guard !text.isEmpty else { return "an empty path" }
        do {
            _ = try StoreReference(text)
            return nil
        } catch {
            return error.description
        }
    }

    /// The directory of an embedded store, for what only it has (the emulator's state); nil for a database.
    package var directory: URL? {
        if case .directory(let url) = self { return url }
        return nil
    }

    /// Where this machine keeps what is not shared (the demo sellers' state): the store's directory, or
    /// `.blackhail` in the working directory beside a database.
    package var localDirectory: URL { directory ?? URL(fileURLWithPath: ".blackhail") }

    /// For messages: the directory's path, or the database URL without credentials (it never has any).
    package var description: String {
        switch self {
        case .directory(let url): url.path
        case .postgres(let location): location.description
        }
    }
}

/// A `--store` value that names no usable store, and why.
package struct StoreReferenceError: Error, Equatable, CustomStringConvertible {
    package var description: String

    init(_ description: String) { self.description = description }
}

/// A PostgreSQL database as `postgres://user@host:port/database` names it. The URL carries no password: a command
/// line is visible to every user of the machine (`ps`), so the password comes from the environment or a password
/// file (`PostgresPassword`).
package struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    package var host: String
    package var port: Int
    package var user: String
    package var database: String
    package var tls: TLSMode
    /// libpq's `sslrootcert`: a PEM file of the certificate authorities that sign the server's certificate (a team's
    /// own CA, or a self-signed server certificate itself), trusted instead of the system's.
    package var rootCertificates: String?

    /// libpq's `sslmode`, the values that mean something without client certificates. Stricter than libpq: every
    /// mode that uses TLS verifies the server's certificate (libpq's `prefer` and `require` verify nothing), because
    /// the journal and the password go over that connection; a server whose certificate no system CA signs is
    /// trusted by naming its CA in `sslrootcert`, not by skipping the check.
    package enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it (the server's certificate is verified then), else plain TCP.
        case prefer
        /// TLS with the server's certificate verified, host name included, or no connection (libpq's
        /// `verify-full`, which is accepted as the same).
        case require
        /// TLS with the server's certificate signed by a trusted CA, whatever host name it names.
        case verifyCA = "verify-ca"

        /// The mode a URL's `sslmode` value names; `verify-full` is `require`.
        init?(sslmode: String) {
            if sslmode == "verify-full" {
                self = .require
            } else {
                self.init(rawValue: sslmode)
            }
        }
    }

    package init(
        host: String, port: Int = 5432, user: String, database: String, tls: TLSMode = .prefer,
        rootCertificates: String? = nil
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.database = database
        self.tls = tls
        self.rootCertificates = rootCertificates
    }

    init(url text: String) throws(StoreReferenceError) {
        guard let components = URLComponents(string: text) else {
            throw StoreReferenceError("'\(Self.redacted(text))' is not a URL")
        }
        guard components.password == nil else {
            // Said without the URL: it holds the password.
            throw StoreReferenceError(
                "the store URL carries a password, which every user of this machine could read on the command line "
                    + "or in the environment; remove it from the URL and set BLACKHAIL_STORE_PASSWORD or PGPASSWORD, "
                    + "or put it in a password file (PGPASSFILE, ~/.pgpass)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreReferenceError("\(text): name the database user: postgres://USER@HOST:PORT/DATABASE")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreReferenceError("\(text): name the database host: postgres://USER@HOST:PORT/DATABASE")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw StoreReferenceError("\(text): name one database: postgres://USER@HOST:PORT/DATABASE")
        }
        guard (1...65_535).contains(components.port ?? 5432) else {
            throw StoreReferenceError("\(text): the port is not between 1 and 65535")
        }
        var tls = TLSMode.prefer
        var rootCertificates: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(sslmode:)) else {
                    throw StoreReferenceError(
                        "\(text): sslmode '\(item.value ?? "")' is not one of disable, prefer, require, verify-ca, "
                            + "verify-full")
                }
                tls = mode
            case "sslrootcert":
                guard let path = item.value, !path.isEmpty else {
                    throw StoreReferenceError("\(text): sslrootcert names no file")
                }
                rootCertificates = path
            default:
                throw StoreReferenceError(
                    "\(text): '\(item.name)' is not understood (only sslmode and sslrootcert)")
            }
        }
        if rootCertificates != nil, tls == .disable {
            throw StoreReferenceError("\(text): sslrootcert has no use with sslmode=disable")
        }
        self.init(
            host: host, port: components.port ?? 5432, user: user, database: database, tls: tls,
            rootCertificates: rootCertificates)
    }

    package var description: String {
        var parameters: [String] = []
        if tls != .prefer { parameters.append("sslmode=\(tls.rawValue)") }
        if let rootCertificates { parameters.append("sslrootcert=\(rootCertificates)") }
        return "postgres://\(user)@\(host):\(port)/\(database)"
            + (parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&"))
    }

    /// `text` with whatever stands between `://` and `@` blanked, for a message about a URL that may hold a password.
    private static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@") else {
            return text
        }
        return String(text[..<scheme.upperBound]) + "…" + String(text[at...])
    }
}
