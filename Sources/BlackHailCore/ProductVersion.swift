/// blackhail's version, as `--version` prints it and every result records it.
package enum ProductVersion {
    package static let current = "0.2.0"
}
