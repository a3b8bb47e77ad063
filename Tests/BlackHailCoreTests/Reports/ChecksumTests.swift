import Testing

@testable import BlackHailCore

@Suite struct ChecksumTests {
    /// A message: `unit` repeated `count` times.
    struct Vector: Sendable, CustomTestStringConvertible {
        var unit: [UInt8]
        var count: Int
        var digest: String

        var message: [UInt8] { Array(repeating: unit, count: count).flatMap { $0 } }
        var testDescription: String { "\(unit.count * count) bytes" }
    }

    /// FIPS 180-4 examples and messages around the 55/56/64-byte padding boundaries (digests from `sha256sum`).
    static let vectors: [Vector] = [
        Vector(unit: [], count: 0, digest: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        Vector(
            unit: Array("abc".utf8), count: 1,
            digest: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        Vector(unit: [0x61], count: 55, digest: "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        Vector(unit: [0x61], count: 56, digest: "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        Vector(unit: [0x61], count: 63, digest: "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        Vector(unit: [0x61], count: 64, digest: "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        Vector(unit: [0x61], count: 119, digest: "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
        Vector(
            unit: (0...255).map { UInt8($0) }, count: 5,
            digest: "d414b085826eb06778483ba35564dc849e643359f69ed9747878ba6e54985bed"),
    ]

    @Test(arguments: vectors)
    func sha256MatchesTheReference(vector: Vector) {
        #expect(Checksum.sha256(vector.message) == vector.digest)
    }

    @Test func anInputFileRecordsItsSizeAndDigest() {
        let input = QuoteRunResult.InputFile(
            role: .sellerProfile, path: "sellers/a.yaml", contents: Array("abc".utf8), sellerId: "a")
        #expect(input.bytes == 3)
        #expect(input.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
