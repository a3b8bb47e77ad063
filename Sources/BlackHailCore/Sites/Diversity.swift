/// Whether a site wants a single access or a diverse pair for SD-WAN. Raw values are the spellings in the site list.
package enum Diversity: String, Sendable, Hashable, CaseIterable, Codable {
    /// One access. Write `Diversity.none` where an optional is expected, or `.none` means `nil`.
    case none
    /// Two accesses, ideally from different sellers or paths, for SD-WAN.
    case pair
}
