import BlackHailCore
import Testing

@Suite struct ProxyRouteTests {
    @Test(arguments: [
        // (no_proxy, URL, goes direct)
        ("example.com", "https://example.com/x", true),
        ("example.com", "https://api.example.com/x", true),
        (".example.com", "https://api.example.com/x", true),
        ("example.com", "https://badexample.com/x", false),
        ("*", "https://anything.example/x", true),
        ("", "https://example.com/x", false),
        ("example.com:8443", "https://example.com:8443/x", true),
        ("example.com:8443", "https://example.com/x", false),
        ("10.0.0.0/8", "http://10.1.2.3/x", true),
        ("10.0.0.0/8", "http://11.1.2.3/x", false),
        ("192.168.1.7", "http://192.168.1.7:8080/x", true),
        ("[::1]:8080", "http://[::1]:8080/x", true),
        ("fd00::/8", "http://[fd12::1]/x", true),
        (".0.0.1", "http://127.0.0.1/x", false),
        ("API.Example.COM", "https://api.example.com/x", true),
        ("a.example, b.example  c.example", "https://c.example/x", true),
    ])
    func noProxyFollowsCurl(_ noProxy: String, _ url: String, _ direct: Bool) throws {
        let route = try ProxyRoute(environment: [
            "HTTPS_PROXY": "proxy.corp:3128", "HTTP_PROXY": "proxy.corp:3128", "NO_PROXY": noProxy,
        ])
        #expect((route.proxy(for: url) == nil) == direct)
    }

    @Test func eachSchemeHasItsOwnProxyAndAllProxyFillsIn() throws {
        let route = try ProxyRoute(environment: [
            "https_proxy": "http://secure.corp:8443", "HTTPS_PROXY": "http://ignored.corp:1",
            "ALL_PROXY": "socks5://all.corp",
        ])
        #expect(route.proxy(for: "https://seller.example/x")?.description == "http://secure.corp:8443")
        #expect(route.proxy(for: "http://seller.example/x")?.description == "socks5://all.corp:1080")
        #expect(try ProxyRoute(environment: [:]).proxy(for: "https://seller.example") == nil)
    }

    @Test func credentialsInAProxyURLAreDecodedAndNeverPrinted() throws {
        let server = try ProxyServer(parsing: "http://us%40er:p%3Ass@proxy.corp:3128", source: "HTTPS_PROXY")
        #expect(server.credentials == .init(username: "us@er", password: "p:ss"))
        #expect(server.description == "http://proxy.corp:3128")
        #expect(!"\(server)".contains("p:ss"))
    }

    @Test(arguments: ["https://proxy.corp:3128", "ftp://proxy.corp", "http://", "http://proxy.corp:0"])
    func anUnusableProxyURLIsRefusedWithoutEchoingIt(_ text: String) {
        #expect(throws: ProxyError.self) { try ProxyServer(parsing: text, source: "environment variable HTTPS_PROXY") }
    }

    /// A demo seller is served on this machine: never through the environment's proxy.
    @Test func demoSellersGoDirect() throws {
        let environment = ["HTTPS_PROXY": "proxy.corp:3128", "HTTP_PROXY": "proxy.corp:3128"]
        var profile = SellerProfile(
            id: "demo", name: "Demo", emulate: EmulationProfile(coverage: [], currency: "USD", priceBook: []))
        #expect(try ProxyRoute(for: profile, environment: environment).proxy(for: "http://127.0.0.1:8080/demo") == nil)
        profile.emulate = nil
        #expect(try ProxyRoute(for: profile, environment: environment).proxy(for: "http://127.0.0.1:8080/demo") != nil)
    }

    @Test func aProfileProxyReadsItsCredentialsFromTheEnvironment() throws {
        var profile = SellerProfile(id: "acme", name: "Acme")
        profile.proxy = SellerProxy(url: "http://proxy.corp:3128", usernameEnv: "PROXY_USER", passwordEnv: "PROXY_PASS")
        let route = try ProxyRoute(for: profile, environment: ["PROXY_USER": "me", "PROXY_PASS": "pw"])
        #expect(route.proxy(for: "https://api.acme.example")?.credentials == .init(username: "me", password: "pw"))
        #expect(throws: ProxyError.self) { try ProxyRoute(for: profile, environment: ["PROXY_USER": "me"]) }
    }

    @Test func aProfileMustNotHoldProxyCredentials() throws {
        #expect(throws: SellerProfileError.self) {
            try SellerDirectory.parse(
                """
                id: acme
                sonata: { baseURL: https://api.acme.example }
                proxy: { url: "http://me:secret@proxy.corp:3128" }
                """, path: "acme.yaml")
        }
    }
}
