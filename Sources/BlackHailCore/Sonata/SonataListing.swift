import JSONCore
import NIOHTTP1

/// A MEF list (`GET` on a collection) read page by page, as the APIs page them: `limit` and `offset` in the query,
/// `X-Total-Count` (all matches) and `X-Result-Count` (this page) in the answer. A seller may hold more matches
/// than one page, or ignore a filter and list everything; a hostile one may never end its list, so at most
/// `maximumPages` pages are read.
package struct SonataListing: Sendable {
    package var pageSize: Int
    package var maximumPages: Int

    package init(pageSize: Int = 100, maximumPages: Int = 20) {
        self.pageSize = max(pageSize, 1)
        self.maximumPages = max(maximumPages, 1)
    }

    /// What a visit of one page says.
    package enum Visit<Result> {
        /// The answer is found (or the list is unusable): read no further.
        case stop(Result)
        /// Read the next page, if there is one.
        case next
    }

    /// How a reading ended.
    package enum End<Result> {
        case stopped(Result)
        /// The list ended after this many pages without a stop.
        case ended(pages: Int)
        /// `maximumPages` were read and the list went on.
        case truncated(pages: Int)
    }

    /// Reads `endpoint` with `query` page by page, handing each answer to `visit`, until it stops, the list ends
    /// (an empty page, the total reached, a short page when the seller gives no total, an answer that is not a
    /// list) or `maximumPages` were read.
    package func read<Result>(
        _ endpoint: SonataEndpoint, query: [(String, String)], with client: SonataClient,
        visit: (SonataReply) -> Visit<Result>
    ) async throws(SonataFailure) -> End<Result> {
        var offset = 0
        for page in 1...maximumPages {
            let reply = try await client.send(
                SonataOperation(
                    endpoint, query: query + [("limit", String(pageSize)), ("offset", String(offset))]))
            if case .stop(let result) = visit(reply) { return .stopped(result) }
            guard reply.status == 200, let entries = reply.body.arrayValue else { return .ended(pages: page) }
            offset += entries.count
            // A seller may hold pages shorter than the limit asked: with `X-Total-Count`, the total says when the
            // list ends; without it, a short page does.
            let total = reply.headers.first(name: "X-Total-Count").flatMap { Int($0) }
            if entries.isEmpty || total.map({ offset >= $0 }) ?? (entries.count < pageSize) {
                return .ended(pages: page)
            }
        }
        return .truncated(pages: maximumPages)
    }
}
