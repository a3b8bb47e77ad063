import Foundation

/// The only place that writes to the terminal: results to stdout, everything else to stderr, unbuffered so
/// that pipes and progress interleave correctly.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}
