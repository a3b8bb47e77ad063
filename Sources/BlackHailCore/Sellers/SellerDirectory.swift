import Foundation
import Yams

/// Reads the seller profiles of a directory (`sellers/*.yaml`), validating each one and the set as a whole.
package enum SellerDirectory {
    /// All profiles in `directory`, sorted by id. Every problem in every file is reported at once.
    package static func load(from directory: URL) throws(SellerProfileError) -> [SellerProfile] {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { ["yaml", "yml"].contains($0.pathExtension) }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw SellerProfileError(problems: [
                "\(directory.path): cannot read the seller directory: \(error.localizedDescription)"
            ])
        }
        guard !files.isEmpty else {
            throw SellerProfileError(problems: ["\(directory.path): no seller profiles (*.yaml) found"])
        }
        var profiles: [SellerProfile] = []
        var problems: [String] = []
        for file in files {
            do {
                profiles.append(try load(file: file))
            } catch {
                problems += error.problems
            }
        }
        var seen: [String: String] = [:]
        for profile in profiles {
            if let first = seen[profile.id] {
                problems.append(
                    "\(profile.sourcePath ?? profile.id): seller id '\(profile.id)' is already used by \(first)")
            }
            seen[profile.id] = profile.sourcePath ?? profile.id
        }
        guard problems.isEmpty else { throw SellerProfileError(problems: problems) }
        return profiles.sorted { $0.id < $1.id }
    }

    /// One profile file.
    package static func load(file: URL) throws(SellerProfileError) -> SellerProfile {
        let path = file.path
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw SellerProfileError(problems: ["\(path): cannot read: \(error.localizedDescription)"])
        }
        return try parse(text, path: path)
    }

    package static func parse(_ text: String, path: String) throws(SellerProfileError) -> SellerProfile {
        var profile: SellerProfile
        do {
            profile = try YAMLDecoder().decode(SellerProfile.self, from: text)
        } catch let error as YamlError {
            throw SellerProfileError(problems: ["\(path): \(error)"])
        } catch let error as DecodingError {
            throw SellerProfileError(problems: ["\(path): \(describe(error))"])
        } catch {
            throw SellerProfileError(problems: ["\(path): \(error)"])
        }
        profile.sourcePath = path
        let problems = profile.problems.map { "\(path): \($0)" }
        guard problems.isEmpty else { throw SellerProfileError(problems: problems) }
        return profile
    }

    private static func describe(_ error: DecodingError) -> String {
        func at(_ path: [any CodingKey]) -> String {
            path.isEmpty
                ? "the document"
                : path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                    .replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(at(context.codingPath + [key])): required key is missing"
        case .typeMismatch(let type, let context):
            return "\(at(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "\(at(context.codingPath)): expected \(type), found nothing"
        case .dataCorrupted(let context):
            return "\(at(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

extension SellerProfile {
    /// What is wrong with this profile beyond its YAML shape; empty when it is usable.
    package var problems: [String] {
        var problems: [String] = []
        if id.isEmpty || !id.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }) {
            problems.append("id '\(id)' must be lower-case letters, digits and '-' (it appears in URLs)")
        }
        if emulate == nil {
            if let base = sonata.baseURL {
                if URL(string: base)?.scheme.map({ ["http", "https"].contains($0) }) != true {
                    problems.append("sonata.baseURL '\(base)' is not an http(s) URL")
                }
            } else {
                problems.append("sonata.baseURL is required unless the profile has an 'emulate' block")
            }
        }
        if case .oauth2(let oauth) = auth, oauth.tokenURL == nil, emulate == nil {
            problems.append("auth.tokenURL is required for OAuth2 with a real seller")
        }
        for (key, url) in [("sonata.baseURL", sonata.baseURL), ("auth.tokenURL", auth.tokenURLs.first ?? nil)] {
            guard let url else { continue }
            problems += RequestDestination.problems(url, key: key, allowPlainHTTP: sonata.allowPlainHTTP)
        }
        problems += tls?.problems ?? []
        problems += proxy?.problems ?? []
        if let tls, tls.insecureSkipVerify {
            let urls = [sonata.baseURL] + (auth.tokenURLs)
            for url in urls.compactMap({ $0 }) where !SellerTLS.isLoopback(url) {
                problems.append("tls.insecureSkipVerify is only allowed for loopback URLs, not \(url)")
            }
        }
        problems += limits.problems
        if let emulate { problems += emulate.problems.map { "emulate.\($0)" } }
        return problems
    }
}

extension SellerLimits {
    /// Every limit within what a real seller agreement can say: a NaN, an infinity or a year-long timeout is a
    /// mistake in the profile, caught before any seller is contacted (and never a trap in a conversion later).
    var problems: [String] {
        var problems: [String] = []
        if !(1...1_024).contains(concurrency) { problems.append("limits.concurrency must be 1 to 1024") }
        if !(1...10_000).contains(itemsPerRequest) { problems.append("limits.itemsPerRequest must be 1 to 10000") }
        if !(requestsPerSecond > 0 && requestsPerSecond <= 100_000) {
            problems.append("limits.requestsPerSecond must be a number above 0 and at most 100000")
        }
        if !(requestTimeoutSeconds > 0 && requestTimeoutSeconds <= 3_600) {
            problems.append("limits.requestTimeoutSeconds must be a number of seconds above 0 and at most 3600")
        }
        if !(maxPollMinutes > 0 && maxPollMinutes <= 10_080) {
            problems.append("limits.maxPollMinutes must be a number of minutes above 0 and at most 10080 (a week)")
        }
        if !(addressCacheDays >= 0 && addressCacheDays <= 3_650) {
            problems.append("limits.addressCacheDays must be a number of days from 0 to 3650")
        }
        return problems
    }
}

extension EmulationProfile {
    var problems: [String] {
        var problems: [String] = []
        if coverage.isEmpty { problems.append("coverage must list at least one country") }
        if currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            problems.append("currency '\(currency)' must be an ISO 4217 code such as USD")
        }
        if priceBook.isEmpty { problems.append("priceBook must have at least one entry") }
        for (index, entry) in priceBook.enumerated() where entry.mbps <= 0 || entry.termMonths <= 0 {
            problems.append("priceBook[\(index)]: mbps and termMonths must be positive")
        }
        if !(0...1).contains(priceVariation) { problems.append("priceVariation must be between 0 and 1") }
        if !(0...100).contains(slaUptime) { problems.append("slaUptime must be a percentage") }
        if !(0...1).contains(uncertainShare) { problems.append("uncertainShare must be between 0 and 1") }
        for (name, rate) in [
            ("faults.serverErrorRate", faults.serverErrorRate), ("faults.throttleRate", faults.throttleRate),
            ("faults.orderLookup.rate", faults.orderLookup?.rate ?? 0),
            ("faults.orderCreateAnswerLost.rate", faults.orderCreateAnswerLost?.rate ?? 0),
        ] where !(0...1).contains(rate) {
            problems.append("\(name) must be between 0 and 1")
        }
        if let lookup = faults.orderLookup, lookup.startAfter < 0 || !(0...600).contains(lookup.delaySeconds) {
            problems.append("faults.orderLookup: startAfter must not be negative, delaySeconds between 0 and 600")
        }
        if let lost = faults.orderCreateAnswerLost, !(0...600).contains(lost.delaySeconds) {
            problems.append("faults.orderCreateAnswerLost.delaySeconds must be between 0 and 600")
        }
        if let status = faults.chaos?.htmlErrorStatus, !(300...599).contains(status) {
            problems.append("faults.chaos.htmlErrorStatus must be an HTTP status from 300 to 599")
        }
        for (name, length) in [
            ("idLength", faults.chaos?.idLength), ("errorReasonLength", faults.chaos?.errorReasonLength),
        ] {
            if let length, !(0...100_000_000).contains(length) {
                problems.append("faults.chaos.\(name) must be between 0 and 100000000")
            }
        }
        return problems
    }
}

/// Seller profiles that cannot be used, each problem naming its file.
package struct SellerProfileError: Error, CustomStringConvertible {
    package var problems: [String]

    package init(problems: [String]) {
        self.problems = problems
    }

    package var description: String { problems.joined(separator: "\n") }
}
