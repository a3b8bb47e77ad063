/// A WGS 84 position in decimal degrees.
package struct Coordinates: Sendable, Hashable {
    /// -90...90, north positive.
    package var latitude: Double
    /// -180...180, east positive.
    package var longitude: Double

    package init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }
}
