/// The quote level asked of the sellers (MEF 115 `MEFBuyerQuoteLevel`). Raw values are the spellings in the site list
/// and in MEF 115.
package enum QuoteLevel: String, Sendable, Hashable, CaseIterable {
    /// An indicative price, without the seller's feasibility work.
    case budgetary
    /// A price the seller stands by.
    case firm
}
