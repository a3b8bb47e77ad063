/// Who the seller's installer talks to at the site. Any part may be missing.
package struct SiteContact: Sendable, Hashable {
    package var name: String?
    /// Checked to look like an address (`local@domain.tld`) when read from a file.
    package var email: String?
    /// Free text: formats and extensions vary too much between countries to check.
    package var phone: String?

    package init(name: String? = nil, email: String? = nil, phone: String? = nil) {
        self.name = name
        self.email = email
        self.phone = phone
    }
}
