// swift-tools-version: 6.1
// The OpenAPI generator, kept out of blackhail's own dependency graph: `make generate` builds and runs it
// once, and the generated sources are committed under `Sources/Generated/`.
import PackageDescription

let package = Package(
    name: "openapi-tools",
    dependencies: [
        .package(url: "https://github.com/apple/swift-openapi-generator", exact: "1.14.3")
    ]
)
