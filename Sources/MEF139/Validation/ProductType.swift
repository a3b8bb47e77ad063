/// A MEF LSO product specification URN as used in `productConfiguration.@type`, e.g.
/// `urn:mef:lso:spec:cantata-sonata:basic-internet-access:v1.0.0:all`.
package struct ProductType: Sendable, Hashable {
    /// The URN as written.
    package let urn: String
    /// Everything before the product name (`urn:mef:lso:spec:cantata-sonata`).
    package let namespace: String
    /// The product name (`basic-internet-access`).
    package let product: String
    /// The version component including its `v` (`v1.0.0`).
    package let version: String
    /// The business-function suffix (`all`).
    package let function: String

    /// The prefix every MEF LSO product specification URN starts with.
    package static let prefix = "urn:mef:lso:spec:"

    /// Splits a URN of the form `urn:mef:lso:spec:<namespace>:<product>:v<major.minor.patch>:<function>`;
    /// nil when it does not have that shape.
    package init?(urn: String) {
        guard urn.hasPrefix(Self.prefix) else { return nil }
        let components = urn.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard components.count >= 8, let versionIndex = components.lastIndex(where: Self.isVersion),
            versionIndex >= 6, versionIndex == components.count - 2
        else { return nil }
        self.urn = urn
        namespace = components[0..<(versionIndex - 1)].joined(separator: ":")
        product = components[versionIndex - 1]
        version = components[versionIndex]
        function = components[versionIndex + 1]
    }

    /// True for pre-release versions (`v0.x.y`), which Grace replaced with `v1.0.0`.
    package var isPreRelease: Bool {
        version.hasPrefix("v0.")
    }

    /// True when both name the same product and business function, whatever the version.
    package func isSameProduct(as other: ProductType) -> Bool {
        namespace == other.namespace && product == other.product && function == other.function
    }

    private static func isVersion(_ component: String) -> Bool {
        guard component.hasPrefix("v") else { return false }
        let numbers = component.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        return numbers.count == 3
            && numbers.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }
}
