import Foundation
import Synchronization

/// A wall clock a test moves by hand: give `read` to what takes a `now` closure (the emulator, a session), then
/// `advance` it instead of sleeping.
package final class ManualClock: Sendable {
    private let current: Mutex<Date>

    package init(_ start: Date = Date()) {
        current = Mutex(start)
    }

    package var now: Date { current.withLock { $0 } }

    package var read: @Sendable () -> Date { { self.now } }

    package func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
