import BlackHailCore
import Foundation
import TestSupport
import Testing

/// The catalogue of Sonata operations: ids go into paths as one segment whatever a seller puts in them, and every
/// operation is spelt as the MEF API specs spell it.
@Suite struct SonataEndpointTests {
    @Test(arguments: [
        ("quote-000001", "quote-000001"),
        ("A-z_0.9~", "A-z_0.9~"),
        ("a/b", "a%2Fb"),
        ("../../admin", "..%2F..%2Fadmin"),
        (".", "%2E"),
        ("..", "%2E%2E"),
        ("...", "..."),
        ("a?b#c", "a%3Fb%23c"),
        ("100%", "100%25"),
        ("%2F", "%252F"),
        ("a b", "a%20b"),
        ("a:b@c;d=e&f+g,h!", "a%3Ab%40c%3Bd%3De%26f%2Bg%2Ch%21"),
        ("Zürich", "Z%C3%BCrich"),
        ("東京", "%E6%9D%B1%E4%BA%AC"),
        ("\u{0}\n", "%00%0A"),
    ])
    func anIdIsOnePathSegment(_ id: String, _ encoded: String) {
        #expect(SonataEndpoint.pathSegment(id) == encoded)
        #expect(encoded.removingPercentEncoding == id)
        #expect(SonataOperation(.retrieveQuote, id: id).path == "/quote/" + encoded)
    }

    @Test func operationsWithoutAnIdKeepTheirPath() {
        let list = SonataOperation(.listProductOrder, query: [("externalId", "run-1/site a")])
        #expect(list.path == "/productOrder")
        #expect(list.method == .get)
        #expect(list.name == "listProductOrder")
        let target = list.target(on: SonataEndpoints(sellerId: "agg&1"))
        #expect(
            target
                == "/mefApi/sonata/productOrderingManagement/v10/productOrder?externalId=run-1/site%20a&sellerId=agg%261"
        )
    }

    @Test func onlyOrderCreatesAreNotRetriedBlindly() {
        let unretried = SonataEndpoint.all.filter { !$0.retriesUnknownOutcome }.map(\.name)
        #expect(unretried == ["createProductOrder", "createCancelProductOrder"])
        #expect(!SonataOperation(.createProductOrder).retriesUnknownOutcome)
    }

    @Test func routePatternsNameTheIdAsRoutersDo() {
        #expect(SonataEndpoint.retrieveProductOfferingQualification.routePattern == "/productOfferingQualification/:id")
        #expect(SonataEndpoint.createQuote.routePattern == "/quote")
    }

    /// Method, path and operation id of each catalogued operation, against `Specs/mef` (the files the generated
    /// code comes from).
    @Test(arguments: SonataEndpoint.all)
    func theCatalogueMatchesTheSpecs(_ endpoint: SonataEndpoint) throws {
        let file = try #require(Self.specFiles[endpoint.api])
        let operations = try Self.operations(in: file)
        let spec = try #require(operations[endpoint.name + " " + endpoint.method.rawValue], "\(endpoint.name)")
        #expect(spec == endpoint.template, "\(endpoint.name)")
    }

    static let specFiles: [SonataAPI: String] = [
        .address: "geographicAddressManagement.api.yaml", .poq: "productOfferingQualificationManagement.api.yaml",
        .quote: "quoteManagement.api.yaml", .order: "productOrderManagement.api.yaml",
    ]

    /// "operationId METHOD" to path, read from the spec's `paths` (two-space indented paths, four-space methods,
    /// six-space operation ids).
    static func operations(in file: String) throws -> [String: String] {
        let url = TestEnvironment.repositoryRoot.appendingPathComponent("Specs/mef/\(file)")
        let text = try String(contentsOf: url, encoding: .utf8)
        var operations: [String: String] = [:]
        var path: String?
        var method: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("  /") || line.hasPrefix("  '/") {
                path = line.trimmingCharacters(in: .whitespaces).trimmingCharacters(
                    in: CharacterSet(charactersIn: "':"))
                method = nil
            } else if !line.hasPrefix(" ") {
                path = nil
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                method = line.trimmingCharacters(in: .whitespaces).dropLast().uppercased()
            } else if line.hasPrefix("      operationId: "), let path, let method {
                operations[line.dropFirst("      operationId: ".count) + " " + method] = path
            }
        }
        return operations
    }
}
