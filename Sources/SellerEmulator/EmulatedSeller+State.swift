import BlackHailCore
import Foundation
import JSONCore

/// What a demo seller remembers between emulator runs: its POQs, quotes and orders. `blackhail quote` and a later
/// `blackhail order` each start their own emulator; keeping the state in the journal directory lets the order
/// reference quotes the seller gave an hour before, as a real seller's would.
struct EmulatedSellerState: Codable {
    var qualifications: [StoredQualification]
    var quotes: [StoredQuote]
    var orders: [StoredOrder]
    var cancellations: [String: JSONObject]
}

extension EmulatedSeller {
    var state: EmulatedSellerState {
        EmulatedSellerState(
            qualifications: qualificationOrder.compactMap { qualifications[$0] },
            quotes: quoteOrder.compactMap { quotes[$0] }, orders: orderOrder.compactMap { orders[$0] },
            cancellations: cancellations)
    }

    func restore(_ state: EmulatedSellerState) {
        for poq in state.qualifications where qualifications[poq.id] == nil {
            qualifications[poq.id] = poq
            qualificationOrder.append(poq.id)
        }
        for quote in state.quotes where quotes[quote.id] == nil {
            quotes[quote.id] = quote
            quoteOrder.append(quote.id)
        }
        for order in state.orders where orders[order.id] == nil {
            orders[order.id] = order
            orderOrder.append(order.id)
        }
        cancellations.merge(state.cancellations) { current, _ in current }
    }

    /// Loads `<directory>/<seller id>.json` when present; a damaged file is ignored (demo state only).
    func load(from directory: URL) {
        let file = directory.appendingPathComponent("\(profile.id).json")
        guard let data = FileManager.default.contents(atPath: file.path),
            let state = try? Self.decoder.decode(EmulatedSellerState.self, from: data)
        else { return }
        restore(state)
    }

    func save(to directory: URL) throws {
        // Beside the journal, as private as it is (`PrivateFiles`).
        try PrivateFiles.makeDirectory(directory)
        let data = try Self.encoder.encode(state)
        let file = directory.appendingPathComponent("\(profile.id).json")
        try data.write(to: file, options: .atomic)
        try PrivateFiles.restrict(file.path)
    }

    /// Saves when something was created since the last save (counting records: what a resumed buyer needs is the
    /// POQs and quotes it created; changes to existing records are saved when the emulator stops).
    func saveIfChanged(to directory: URL) throws {
        let revision = qualificationOrder.count + quoteOrder.count + orderOrder.count + cancellations.count
        guard revision != savedRevision else { return }
        try save(to: directory)
        savedRevision = revision
    }

    // Foundation's Codable rather than blackhail's JSON writer: the emulator's own demo state, written when it
    // changes and read once at start, not seller traffic, and its records are Codable already.
    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }
}
