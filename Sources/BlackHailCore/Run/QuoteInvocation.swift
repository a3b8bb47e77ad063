import Foundation

/// What a quote run was asked to do, recorded in the journal when it starts so that `quote --resume` repeats
/// exactly that: the same sites (the journal keeps the site list itself), sellers, currency, rates and policy.
package struct QuoteInvocation: Codable, Sendable {
    /// Paths as given on the command line.
    package var sites: String
    package var sellers: String
    package var currency: String
    package var rates: String?
    package var rateFlags: [String]
    package var policy: String?
    package var pairs: Bool
    /// Where the paths are relative to.
    package var workingDirectory: String
    /// The files read, with their checksums when the run started.
    package var inputs: [QuoteRunResult.InputFile] = []

    package init(
        sites: String, sellers: String, currency: String, rates: String?, rateFlags: [String], policy: String?,
        pairs: Bool, workingDirectory: String
    ) {
        self.sites = sites
        self.sellers = sellers
        self.currency = currency
        self.rates = rates
        self.rateFlags = rateFlags
        self.policy = policy
        self.pairs = pairs
        self.workingDirectory = workingDirectory
    }

    /// A path of this invocation as the file system finds it from today's working directory.
    package func resolved(_ path: String) -> String {
        guard !path.hasPrefix("/"), workingDirectory != FileManager.default.currentDirectoryPath else { return path }
        return URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: workingDirectory, isDirectory: true)).path
    }

    /// The default rates file, `rates.yaml` in the working directory, when there is one and none was named.
    package var ratesPath: String? {
        rates ?? (FileManager.default.fileExists(atPath: resolved("rates.yaml")) ? "rates.yaml" : nil)
    }

    /// The files this run reads, with their checksums, for the result's record; the site list as read when the run
    /// started (a resumed run uses the journal's copy, whatever the file holds today).
    package func readInputs(_ profiles: [SellerProfile], siteList: Data) throws -> [QuoteRunResult.InputFile] {
        var inputs = [QuoteRunResult.InputFile(role: .sites, path: sites, contents: siteList)]
        for profile in profiles {
            guard let source = profile.sourcePath else { continue }
            let name = URL(fileURLWithPath: source).lastPathComponent
            let path = sellers.hasSuffix("/") ? sellers + name : sellers + "/" + name
            inputs.append(.init(role: .sellerProfile, path: path, contents: try read(path), sellerId: profile.id))
        }
        if let path = ratesPath { inputs.append(.init(role: .rates, path: path, contents: try read(path))) }
        if let policy { inputs.append(.init(role: .policy, path: policy, contents: try read(policy))) }
        return inputs
    }

    package func read(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: resolved(path)) else {
            throw RunLifecycleError.unreadable(path)
        }
        return data
    }
}
