/// The MEF 139 Internet Access product a site asks for. Raw values are the spellings in the site list.
package enum InternetAccessProduct: String, Sendable, Hashable, CaseIterable {
    case basic
    case advanced
    case exclusive
}
