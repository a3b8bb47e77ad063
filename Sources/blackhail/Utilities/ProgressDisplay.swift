import ArgumentParser
import BlackHailCore
import Foundation
import Synchronization

/// `--progress`: how a run shows it is alive.
enum ProgressMode: String, CaseIterable, ExpressibleByArgument {
    /// Drawn on a terminal; a plain status line every few seconds when stderr is not one (a CI log).
    case auto
    /// Drawn, whatever stderr is (80 x 24 when it cannot tell its size).
    case tty
    /// A plain status line every few seconds, and one at the end.
    case plain
    case none
}

/// The run's progress on stderr, from the counts its sessions keep (`RunActivity`): redrawn in place a few times a
/// second on a terminal, or one plain line every few seconds for a log. The layout is `ProgressFrame`'s; this type
/// only knows the terminal: its size (asked of the terminal itself, never `$COLUMNS`), and how many lines the last
/// frame took, so that the next one replaces it exactly and `stop` leaves nothing behind.
final class ProgressDisplay: Sendable {
    enum Style: Equatable {
        case terminal(colour: Bool)
        case plain
        case none
    }

    private struct State {
        /// The lengths of the lines the last frame drew (empty: nothing on screen), and the width it was drawn at.
        var drawn: [Int] = []
        var drawnWidth = 0
        var stopped = false
    }

    /// Most lines a frame takes, whatever the terminal's height: a run's progress should not push its own output
    /// off the screen.
    static let maximumLines = 12
    static let terminalInterval = Duration.milliseconds(200)
    static let plainInterval = Duration.seconds(5)

    let style: Style
    private let activity: RunActivity
    private let started = ContinuousClock.now
    private let state = Mutex(State())
    private let ticker = Mutex<Task<Void, Never>?>(nil)

    init(mode: ProgressMode, activity: RunActivity, environment: [String: String]) {
        self.style = Self.style(for: mode, isTerminal: isatty(STDERR_FILENO) == 1, environment: environment)
        self.activity = activity
    }

    /// What `mode` means here: auto draws on a terminal that can move its cursor, else prints plain lines; colour
    /// unless `NO_COLOR` is set (https://no-color.org) or the terminal is dumb.
    static func style(for mode: ProgressMode, isTerminal: Bool, environment: [String: String]) -> Style {
        let dumb = environment["TERM"] == "dumb"
        let colour = !dumb && (environment["NO_COLOR"] ?? "").isEmpty
        switch mode {
        case .none: return .none
        case .plain: return .plain
        case .tty: return .terminal(colour: colour)
        case .auto: return isTerminal && !dumb ? .terminal(colour: colour) : .plain
        }
    }

    /// Starts redrawing (or printing plain lines) until `stop`.
    func start() {
        let interval: Duration
        switch style {
        case .none: return
        case .plain: interval = Self.plainInterval
        case .terminal: interval = Self.terminalInterval
        }
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled, let self else { return }
                self.draw()
            }
        }
        ticker.withLock { $0 = task }
    }

    /// Stops the display: the terminal frame is erased; a log gets a last line with the final counts.
    func stop() {
        ticker.withLock { task in
            task?.cancel()
            task = nil
        }
        let frame = self.frame
        let text: String? = state.withLock { state in
            guard !state.stopped else { return nil }
            state.stopped = true
            switch style {
            case .none: return nil
            case .plain: return frame.plainLine + "\n"
            case .terminal: return Self.erase(&state, width: Self.terminalSize().columns)
            }
        }
        if let text, !text.isEmpty { FileHandle.standardError.write(Data(text.utf8)) }
    }

    /// Runs `write` with the frame off the screen, for output to stdout that may share the terminal; the next tick
    /// draws the frame again below it.
    func withCleared(_ write: () -> Void) {
        guard case .terminal = style else { return write() }
        state.withLock { state in
            let text = Self.erase(&state, width: Self.terminalSize().columns)
            if !text.isEmpty { FileHandle.standardError.write(Data(text.utf8)) }
            write()
        }
    }

    private var frame: ProgressFrame {
        ProgressFrame(sellers: activity.snapshot, elapsed: ContinuousClock.now - started)
    }

    private func draw() {
        let frame = self.frame
        switch style {
        case .none: return
        case .plain:
            guard !state.withLock({ $0.stopped }) else { return }
            FileHandle.standardError.write(Data((frame.plainLine + "\n").utf8))
        case .terminal(let colour):
            let size = Self.terminalSize()
            let lines = frame.lines(width: size.columns, height: min(max(size.rows - 2, 1), Self.maximumLines))
            state.withLock { state in
                guard !state.stopped else { return }
                // One write per frame: erase the last one, draw this one, the cursor left at the end of its last
                // line (no newline after it, which would scroll at the bottom of the screen).
                let text =
                    Self.erase(&state, width: size.columns)
                    + lines.map { $0.rendered(colour: colour) }.joined(separator: "\n")
                state.drawn = lines.map(\.width)
                state.drawnWidth = size.columns
                FileHandle.standardError.write(Data(text.utf8))
            }
        }
    }

    /// The escape sequences that erase the last frame and leave the cursor where it began: each of its lines cleared
    /// on its own (`ESC[2K`), never the screen from the cursor down: tmux saves a screen cleared from its top-left
    /// corner to its history, where every frame would pile up. A terminal that got narrower since has re-wrapped the
    /// frame's lines (tmux and most terminals reflow), so each takes as many rows as its length now needs.
    private static func erase(_ state: inout State, width: Int) -> String {
        guard !state.drawn.isEmpty else { return "" }
        let rows = state.drawn.reduce(0) { rows, length in
            rows + (width < state.drawnWidth ? max((length + width - 1) / max(width, 1), 1) : 1)
        }
        state.drawn = []
        let up = rows > 1 ? "\u{1B}[\(rows - 1)A" : ""
        return up + "\r" + Array(repeating: "\u{1B}[2K", count: rows).joined(separator: "\u{1B}[B") + up
    }

    /// stderr's terminal size, asked of the terminal (TIOCGWINSZ); 80 x 24 when stderr is not a terminal.
    static func terminalSize() -> (columns: Int, rows: Int) {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return (80, 24) }
        return (Int(size.ws_col), size.ws_row > 0 ? Int(size.ws_row) : 24)
    }
}
