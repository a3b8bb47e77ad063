import BlackHailCore
import Foundation
import Testing

/// Where a profile may send the buyer's data: never to link-local or cloud-metadata addresses, and over plain
/// http only on loopback or with `sonata.allowPlainHTTP`.
@Suite struct RequestDestinationTests {
    static func profile(base: String, token: String? = nil, allowPlainHTTP: Bool = false) -> SellerProfile {
        let auth: AuthReference =
            token.map {
                .oauth2(
                    OAuth2ClientCredentials(
                        tokenURL: $0, clientId: "buyer", scopes: [], clientAuthentication: .clientSecretPost,
                        clientSecret: .environment("SECRET"), privateKeyFile: nil, signingAlgorithm: .es256))
            } ?? .none
        return SellerProfile(
            id: "seller", name: "Seller", sonata: SonataEndpoints(baseURL: base, allowPlainHTTP: allowPlainHTTP),
            auth: auth)
    }

    @Test(arguments: [
        "https://169.254.169.254/latest", "https://169.254.0.1", "http://169.254.169.254", "https://[fe80::1]/x",
        "https://[febf::1]", "https://[fd00:ec2::254]", "https://metadata.google.internal/computeMetadata",
        "https://METADATA.google.internal./", "https://[::ffff:169.254.169.254]",
    ])
    func linkLocalAndMetadataAddressesAreRefused(_ url: String) {
        #expect(Self.profile(base: url).problems.contains { $0.contains("link-local or cloud-metadata") })
        #expect(
            Self.profile(base: "https://seller.example", token: url).problems.contains {
                $0.hasPrefix("auth.tokenURL") && $0.contains("link-local or cloud-metadata")
            })
    }

    @Test(arguments: ["https://seller.example", "https://169.255.0.1", "https://[fec0::1]", "https://10.0.0.1"])
    func otherAddressesAreAllowed(_ url: String) {
        #expect(Self.profile(base: url).problems.isEmpty)
    }

    @Test func plainHTTPIsForLoopbackUnlessTheProfileOptsIn() {
        #expect(Self.profile(base: "http://seller.example").problems.contains { $0.contains("plain http") })
        #expect(
            Self.profile(base: "https://seller.example", token: "http://auth.example/token").problems.contains {
                $0.hasPrefix("auth.tokenURL") && $0.contains("plain http")
            })
        #expect(Self.profile(base: "http://127.0.0.1:8080").problems.isEmpty)
        #expect(Self.profile(base: "http://localhost:8080").problems.isEmpty)
        #expect(Self.profile(base: "http://seller.example", allowPlainHTTP: true).problems.isEmpty)
        // Opting in to plain http never opens the metadata addresses.
        #expect(!Self.profile(base: "http://169.254.169.254", allowPlainHTTP: true).problems.isEmpty)
    }

    @Test func aProfileFileWithAMetadataURLIsAnInputErrorNamingTheFile() throws {
        let yaml = """
            id: seller
            sonata:
              baseURL: http://169.254.169.254/latest
            """
        #expect {
            try SellerDirectory.parse(yaml, path: "sellers/seller.yaml")
        } throws: { error in
            "\(error)".contains("sellers/seller.yaml: sonata.baseURL 'http://169.254.169.254/latest' is a link-local")
        }
        let optedIn = try SellerDirectory.parse(
            "id: seller\nsonata:\n  baseURL: http://seller.lan\n  allowPlainHTTP: true\n", path: "seller.yaml")
        #expect(optedIn.sonata.allowPlainHTTP)
    }

    @Test func chaosSettingsThatCouldTrapTheEmulatorAreProfileProblems() {
        var emulation = EmulationProfile(
            coverage: [CoverageRule(country: "US")], currency: "USD",
            priceBook: [PriceBookEntry(mbps: 100, termMonths: 12, mrc: 100, nrc: 0)])
        emulation.faults.chaos = SellerChaos(htmlErrorStatus: 42, idLength: -1, errorReasonLength: .max)
        let profile = SellerProfile(id: "chaos", name: "Chaos", emulate: emulation)
        #expect(profile.problems.contains { $0.contains("htmlErrorStatus") })
        #expect(profile.problems.contains { $0.contains("idLength") })
        #expect(profile.problems.contains { $0.contains("errorReasonLength") })
    }
}
