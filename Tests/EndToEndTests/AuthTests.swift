import AsyncHTTPClient
import BlackHailCore
import Crypto
import CryptoExtras
import Foundation
import Logging
import SellerEmulator
import Synchronization
import TestSupport
import Testing

/// Seller authentication over real HTTP against the emulator's token endpoint (MEF W128.1 client credentials).
@Suite struct AuthTests {
    static let secret = "s3cret-\(UUID().uuidString)"

    /// Northwind, made to require OAuth2 with the given client authentication.
    static func securedSeller(
        _ method: OAuth2ClientCredentials.ClientAuthentication, keyFile: String? = nil,
        algorithm: OAuth2ClientCredentials.SigningAlgorithm = .es256
    ) throws -> SellerProfile {
        var profile = try TestEnvironment.quietSeller("northwind")
        profile.auth = .oauth2(
            OAuth2ClientCredentials(
                tokenURL: nil, clientId: "buyer-1", scopes: ["poq", "quote"], clientAuthentication: method,
                clientSecret: keyFile == nil ? .environment("NORTHWIND_SECRET") : nil, privateKeyFile: keyFile,
                signingAlgorithm: algorithm))
        return profile
    }

    /// A private key file only its owner can read.
    static func keyFile(_ pem: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("key-\(UUID()).pem").path
        FileManager.default.createFile(atPath: path, contents: Data(pem.utf8), attributes: [.posixPermissions: 0o600])
        return path
    }

    /// Runs `body` with a client for `profile` against the emulator, the emulator checking `sellerCredentials`.
    static func withClient(
        _ profile: SellerProfile, sellerCredentials: EmulatedCredentials, clientEnvironment: [String: String],
        _ body: @Sendable (SonataClient, SellerEmulator) async throws -> Void
    ) async throws {
        let emulator = SellerEmulator(profiles: [profile], credentials: [profile.id: sellerCredentials])
        try await emulator.run { running in
            let resolved = try #require(running.resolvedProfiles.first)
            try await HTTPClient.withHTTPClient { http in
                let client = SonataClient(
                    profile: resolved, http: http, globalLimit: ConcurrencyLimit(200),
                    environment: clientEnvironment, logger: Logger(label: "test"))
                try await body(client, emulator)
            }
        }
    }

    static let listPOQs = SonataOperation(.listProductOfferingQualification)

    @Test(arguments: [OAuth2ClientCredentials.ClientAuthentication.clientSecretBasic, .clientSecretPost])
    func clientSecretAuthentication(_ method: OAuth2ClientCredentials.ClientAuthentication) async throws {
        let profile = try Self.securedSeller(method)
        try await Self.withClient(
            profile, sellerCredentials: .clientSecret(Self.secret), clientEnvironment: ["NORTHWIND_SECRET": Self.secret]
        ) { client, emulator in
            let reply = try await client.send(Self.listPOQs)
            #expect(reply.status == 200)
            #expect(emulator.statistics.requests(seller: "northwind")["token"] == 1)
        }
    }

    @Test(arguments: [OAuth2ClientCredentials.SigningAlgorithm.es256, .rs256])
    func privateKeyJWTAuthentication(_ algorithm: OAuth2ClientCredentials.SigningAlgorithm) async throws {
        let pem =
            algorithm == .es256
            ? P256.Signing.PrivateKey().pemRepresentation
            : try _RSA.Signing.PrivateKey(keySize: .bits2048).pemRepresentation
        let path = try Self.keyFile(pem)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let profile = try Self.securedSeller(.privateKeyJWT, keyFile: path, algorithm: algorithm)
        try await Self.withClient(profile, sellerCredentials: .privateKeyPEM(pem), clientEnvironment: [:]) {
            client, _ in
            let status = try await client.send(Self.listPOQs).status
            #expect(status == 200)
        }
        // A key the seller does not know is refused, with a message that names no secret.
        let otherPath = try Self.keyFile(P256.Signing.PrivateKey().pemRepresentation)
        defer { try? FileManager.default.removeItem(atPath: otherPath) }
        let impostor = try Self.securedSeller(.privateKeyJWT, keyFile: otherPath, algorithm: .es256)
        try await Self.withClient(impostor, sellerCredentials: .privateKeyPEM(pem), clientEnvironment: [:]) {
            client, _ in
            await #expect(throws: SonataFailure.self) { try await client.send(Self.listPOQs) }
        }
    }

    /// A seller whose identity provider selects the client's key by `kid` accepts the assertion only with it.
    @Test func theAssertionNamesTheKeyTheSellerExpects() async throws {
        let pem = P256.Signing.PrivateKey().pemRepresentation
        let path = try Self.keyFile(pem)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var seller = try Self.securedSeller(.privateKeyJWT, keyFile: path)
        guard case .oauth2(var oauth) = seller.auth else { return }
        oauth.keyId = "buyer-1-2026"
        seller.auth = .oauth2(oauth)
        for (sent, expected) in [("buyer-1-2026", 200), ("buyer-1-2025", nil)] as [(String, Int?)] {
            let emulator = SellerEmulator(profiles: [seller], credentials: [seller.id: .privateKeyPEM(pem)])
            oauth.keyId = sent
            let auth = AuthReference.oauth2(oauth)
            try await emulator.run { running in
                var buyer = try #require(running.resolvedProfiles.first)
                buyer.auth = auth
                try await HTTPClient.withHTTPClient { http in
                    let client = SonataClient(
                        profile: buyer, http: http, globalLimit: ConcurrencyLimit(8), environment: [:],
                        logger: Logger(label: "test"))
                    let status = try? await client.send(Self.listPOQs).status
                    #expect(status == expected, "kid \(sent)")
                }
            }
        }
    }

    @Test func aWorldReadableKeyFileIsRefused() async throws {
        let pem = P256.Signing.PrivateKey().pemRepresentation
        let path = try Self.keyFile(pem)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let profile = try Self.securedSeller(.privateKeyJWT, keyFile: path)
        try await Self.withClient(profile, sellerCredentials: .privateKeyPEM(pem), clientEnvironment: [:]) {
            client, emulator in
            do {
                _ = try await client.send(Self.listPOQs)
                Issue.record("a world-readable key was used")
            } catch {
                #expect("\(error)".contains("readable by every user"))
            }
            #expect(emulator.statistics.requests(seller: "northwind")["token"] == nil)
        }
    }

    @Test func oneTokenServesAHundredConcurrentRequests() async throws {
        let profile = try Self.securedSeller(.clientSecretBasic)
        try await Self.withClient(
            profile, sellerCredentials: .clientSecret(Self.secret), clientEnvironment: ["NORTHWIND_SECRET": Self.secret]
        ) { client, emulator in
            let statuses = await Array(0..<100).concurrentMap(limit: 100) { _ in
                (try? await client.send(Self.listPOQs).status) ?? 0
            }
            #expect(statuses.allSatisfy { $0 == 200 })
            #expect(emulator.statistics.requests(seller: "northwind")["token"] == 1)
            #expect(emulator.statistics.requests(seller: "northwind")["listProductOfferingQualification"] == 100)
        }
    }

    @Test func aTokenIsRefreshedBeforeItExpires() async throws {
        let profile = try Self.securedSeller(.clientSecretPost)
        let clock = Mutex(Date())
        try await Self.withClient(
            profile, sellerCredentials: .clientSecret(Self.secret), clientEnvironment: ["NORTHWIND_SECRET": Self.secret]
        ) { client, emulator in
            try await HTTPClient.withHTTPClient { http in
                var resolved = client.profile
                resolved.limits.requestTimeoutSeconds = 5
                let authenticator = SellerAuthenticator(
                    profile: resolved, http: http, environment: ["NORTHWIND_SECRET": Self.secret],
                    now: { clock.withLock { $0 } })
                let first = try await authenticator.authorization()
                let again = try await authenticator.authorization()
                #expect(again == first)
                // The emulator's tokens live an hour; a minute before that, the token is due for refresh.
                clock.withLock { $0 = $0.addingTimeInterval(58 * 60) }
                let stillFresh = try await authenticator.authorization()
                #expect(stillFresh == first)
                clock.withLock { $0 = $0.addingTimeInterval(90) }
                let second = try await authenticator.authorization()
                #expect(second != first)
                #expect(await authenticator.tokenRequests == 2)
                #expect(emulator.statistics.requests(seller: "northwind")["token"] == 2)
            }
        }
    }

    @Test func aRefusedTokenIsRenewedOnce() async throws {
        let profile = try Self.securedSeller(.clientSecretBasic)
        try await Self.withClient(
            profile, sellerCredentials: .clientSecret(Self.secret), clientEnvironment: ["NORTHWIND_SECRET": Self.secret]
        ) { client, emulator in
            let before = try await client.send(Self.listPOQs).status
            emulator.revokeTokens(seller: "northwind")
            let after = try await client.send(Self.listPOQs).status
            #expect(before == 200)
            #expect(after == 200)
            #expect(emulator.statistics.requests(seller: "northwind")["token"] == 2)
            #expect(emulator.statistics.requests(seller: "northwind")["listProductOfferingQualification"] == 3)
        }
    }

    @Test func aWrongSecretFailsThatSellerOnlyAndNoSecretLeaks() async throws {
        let secured = try Self.securedSeller(.clientSecretBasic)
        let open = try TestEnvironment.quietSeller("atlas") { $0.uncertainShare = 0 }
        let sites = try TestEnvironment.exampleSites().filter { $0.address.country == "US" && $0.product == .basic }
        let emulator = SellerEmulator(
            profiles: [secured, open], credentials: ["northwind": .clientSecret("the-right-one")])
        let result = try await emulator.run { running in
            var options = QuoteRunner.Options()
            options.environment = ["NORTHWIND_SECRET": Self.secret]
            options.retry = QuoteRunTests.fastRetries
            return try await QuoteRunner(profiles: running.resolvedProfiles, sites: sites, options: options).run()
        }
        let northwind = result.outcomes.filter { $0.sellerId == "northwind" }
        #expect(northwind.allSatisfy { $0.status == .failed && ($0.reason ?? "").contains("invalid_client") })
        #expect(result.outcomes.filter { $0.sellerId == "atlas" }.allSatisfy { $0.status == .offered })
        let everything = try ResultJSON.encode(result) + TableReport(result: result, explain: true).render()
        #expect(!everything.contains(Self.secret))
        #expect(!everything.contains("Bearer "))
        #expect(!everything.contains("Basic "))
    }
}
