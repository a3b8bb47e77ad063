import Foundation

/// Where the password of a PostgreSQL store comes from: `BLACKHAIL_STORE_PASSWORD`, else `PGPASSWORD`, else the
/// first matching line of the password file (`PGPASSFILE`, else `~/.pgpass`, libpq's format), else none (the server
/// may trust the connection). Never from the store URL (`PostgresLocation` refuses one with a password), and never
/// logged or shown.
package enum PostgresPassword {
    /// The password for `location`, or nil when none is set anywhere.
    package static func find(
        for location: PostgresLocation, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(StoreReferenceError) -> String? {
        for variable in ["BLACKHAIL_STORE_PASSWORD", "PGPASSWORD"] {
            if let password = environment[variable], !password.isEmpty { return password }
        }
        let file: String
        if let named = environment["PGPASSFILE"], !named.isEmpty {
            file = named
        } else if let home = environment["HOME"], !home.isEmpty {
            file = URL(fileURLWithPath: home).appendingPathComponent(".pgpass").path
        } else {
            return nil
        }
        guard let contents = try readPrivate(file) else { return nil }
        return match(contents, for: location)
    }

    /// The password file's text, or nil when there is none. One that other users can read is refused rather than
    /// ignored (libpq ignores it with a warning): a team's database password would be exposed.
    private static func readPrivate(_ path: String) throws(StoreReferenceError) -> String? {
        // FileManager rather than stat(2): `stat` resolves through CoreFoundation, which a release build refuses
        // without importing it (MemberImportVisibility).
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue,
            let size = (attributes[.size] as? NSNumber)?.int64Value
        else { return nil }
        guard permissions & 0o077 == 0 else {
            throw StoreReferenceError(
                "\(path): the password file can be read by other users; make it private (chmod 600 \(path))")
        }
        // A password file is a few lines: a larger one is not one.
        guard size <= 1 << 20, let data = FileManager.default.contents(atPath: path) else {
            throw StoreReferenceError("\(path): cannot read the password file")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The password of the first line `hostname:port:database:username:password` that matches (`*` matches
    /// anything; `\:` and `\\` escape).
    static func match(_ contents: String, for location: PostgresLocation) -> String? {
        let wanted = [location.host, String(location.port), location.database, location.user]
        for line in contents.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = self.fields(of: line)
            guard fields.count == 5 else { continue }
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    private static func fields(of line: Substring) -> [String] {
        var fields: [String] = []
        var field = ""
        var escaped = false
        for character in line {
            if escaped {
                field.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" && fields.count < 4 {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
        }
        fields.append(field)
        return fields
    }
}
