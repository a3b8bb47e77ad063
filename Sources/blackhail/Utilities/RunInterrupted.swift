/// A run stopped by Ctrl-C or SIGTERM (exit 130), recorded as interrupted: said as every failure is, so that with
/// `-o json` a script reads a JSON error object (kind `interrupted`) on stderr rather than a sentence.
struct RunInterrupted: Error {
    static let kind = "interrupted"

    var runId: String

    var message: String {
        "interrupted: run \(runId) stopped; continue it with 'blackhail quote --resume \(runId)'"
    }
}
