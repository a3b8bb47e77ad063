import Foundation

/// What `quote --refresh RUN` re-quotes: the sites whose winning quote in RUN expires within a window, as a site
/// list of their own (RUN's header and those rows, byte for byte), so that the new run keeps in its journal exactly
/// what it quoted and can be resumed and ordered from like any other.
package struct QuoteRefresh: Sendable {
    package var refreshOf: String
    /// The sites to quote again, in the site list's order.
    package var sites: [Site]
    /// The site list of the refresh: the header and the rows of `sites`.
    package var siteList: Data

    /// Sites of `result` whose winning quote is valid until `cutoff` or earlier (already expired included).
    package static func expiringSites(of result: QuoteRunResult, before cutoff: Date) -> Set<String> {
        Set(result.winners.filter { ($0.validUntil ?? .distantFuture) <= cutoff }.map(\.siteId))
    }

    /// The refresh of `result` (read from `siteList`) for the sites expiring by `cutoff`; nil when none does.
    package static func plan(
        _ result: QuoteRunResult, siteList: Data, siteListName: String, before cutoff: Date
    ) throws(SiteListError) -> QuoteRefresh? {
        let keep = expiringSites(of: result, before: cutoff)
        guard !keep.isEmpty else { return nil }
        let all = try SiteListReader.parse(siteList, sourceName: siteListName).sites
        let bytes = rows(of: siteList, sites: all, keeping: keep)
        let kept = try SiteListReader.parse(bytes, sourceName: siteListName).sites
        guard kept.map(\.id) == all.filter({ keep.contains($0.id) }).map(\.id) else {
            throw SiteListError(problems: [
                SiteListProblem(
                    file: siteListName, line: 0, column: 0,
                    message:
                        "the rows of the expiring sites cannot be told apart in the site list of run \(result.runId)")
            ])
        }
        return QuoteRefresh(refreshOf: result.runId, sites: kept, siteList: bytes)
    }

    /// The bytes before the first site's row (the header), then the rows of the sites kept: each from the line it
    /// starts on to the line the next site starts on.
    static func rows(of bytes: Data, sites: [Site], keeping keep: Set<String>) -> Data {
        let bytes = [UInt8](bytes)
        // Where each physical line starts, counting line breaks as the CSV reader does (CRLF, LF or a lone CR).
        var lineStarts = [0]
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\r") {
                index += index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n") ? 2 : 1
                lineStarts.append(index)
            } else if bytes[index] == UInt8(ascii: "\n") {
                index += 1
                lineStarts.append(index)
            } else {
                index += 1
            }
        }
        func start(ofLine line: Int) -> Int { line - 1 < lineStarts.count ? lineStarts[max(0, line - 1)] : bytes.count }
        let starts = sites.map { start(ofLine: $0.sourceLine) }
        var kept = Array(bytes[0..<(starts.first ?? bytes.count)])
        for (position, site) in sites.enumerated() where keep.contains(site.id) {
            let end = position + 1 < starts.count ? starts[position + 1] : bytes.count
            var row = bytes[starts[position]..<end]
            // The file's last row may end without a line break: the next one kept must not run on from it.
            if let last = row.last, last != UInt8(ascii: "\n"), last != UInt8(ascii: "\r") {
                row.append(UInt8(ascii: "\n"))
            }
            kept += row
        }
        return Data(kept)
    }
}
