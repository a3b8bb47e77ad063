import Synchronization

/// The answers one seller already gave in a run, for `quote --resume`: the resumed run repeats the same work in
/// the same order, and each request it would send takes the next recorded answer to the same request instead,
/// until there is none. A request is the same when its method, target and body bytes are: blackhail's request
/// bodies are deterministic per run (ids and external ids derive from the run id), so a request that completed
/// before the interruption is never sent again, and polling picks up where it stopped.
package final class ReplayTape: Sendable {
    package struct Request: Hashable, Sendable {
        package var method: String
        package var target: String
        package var body: [UInt8]

        package init(method: String, target: String, body: [UInt8]) {
            self.method = method
            self.target = target
            self.body = body
        }
    }

    package struct Answer: Sendable {
        package var status: Int
        /// As recorded: one `Name: value` per line.
        package var headers: String
        package var body: [UInt8]

        package init(status: Int, headers: String, body: [UInt8]) {
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    private let answers: Mutex<[Request: ArraySlice<Answer>]>

    package init(_ answers: [Request: [Answer]]) {
        self.answers = Mutex(answers.mapValues { $0[...] })
    }

    /// The next recorded answer to this request, if any is left.
    package func take(_ request: Request) -> Answer? {
        answers.withLock { answers in
            guard let answer = answers[request]?.popFirst() else { return nil }
            if answers[request]?.isEmpty == true { answers[request] = nil }
            return answer
        }
    }

    /// Answers not taken yet.
    package var remaining: Int { answers.withLock { $0.values.reduce(0) { $0 + $1.count } } }
}
