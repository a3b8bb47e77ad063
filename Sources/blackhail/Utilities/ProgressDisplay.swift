import BlackHailCore
import Foundation
import Synchronization

/// One status line on stderr while a run goes: sites done per seller. Drawn only on a terminal, at most ten
/// times a second, and cleared before results are printed; silent with `-q` or when stderr is not a TTY.
final class ProgressDisplay: Sendable {
    private struct State {
        var sellers: [String: SellerProgress] = [:]
        var lastDraw = ContinuousClock.now - .seconds(1)
        var drawn = false
    }

    private let enabled: Bool
    private let state = Mutex(State())

    init(enabled: Bool) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
    }

    func update(_ progress: SellerProgress) {
        guard enabled else { return }
        let line: String? = state.withLock { state in
            state.sellers[progress.sellerId] = progress
            guard ContinuousClock.now - state.lastDraw > .milliseconds(100) else { return nil }
            state.lastDraw = .now
            state.drawn = true
            return state.sellers.keys.sorted().compactMap { id in
                state.sellers[id].map { "\(id) \($0.sitesDone)/\($0.sitesTotal)" }
            }.joined(separator: "  ")
        }
        if let line {
            let width = Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 120
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + String(line.prefix(width - 1))).utf8))
        }
    }

    func clear() {
        guard enabled, state.withLock({ $0.drawn }) else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
