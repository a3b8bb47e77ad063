import JSONCore

/// A notification registration blackhail made with one seller's API (`POST /hub`), undone with `DELETE /hub/{id}`.
package struct HubRegistration: Sendable {
    package let client: SonataClient
    package let api: SonataAPI
    /// The seller's id of the registration.
    package let id: String
    /// The inbox token its callback URL ends in.
    package let token: String

    /// The longest registration id kept from a seller.
    static let maximumIdLength = 512

    /// Registers `callback` for `eventTypes` with the seller's `api`; the seller's registration id, or why it took
    /// none (501: no notification support; 404: no hub; anything else): the caller then polls.
    package static func register(
        with client: SonataClient, api: SonataAPI, callback: String, eventTypes: [String]
    ) async -> Result<String, HubRefusal> {
        guard let endpoints = SonataEndpoint.hubs[api] else { return .failure(.unsupported(status: 501)) }
        let body: JSONObject = [
            "callback": .string(callback), "query": .string("eventType=" + eventTypes.joined(separator: ",")),
        ]
        let reply: SonataReply
        do throws(SonataFailure) {
            reply = try await client.send(SonataOperation(endpoints.register), body: .object(body))
        } catch {
            return .failure(.failed(error.description))
        }
        switch reply.status {
        case 200, 201:
            guard let id = reply.body["id"]?.stringValue, !id.isEmpty, id.count <= maximumIdLength else {
                return .failure(.failed("the registration's answer has no usable id"))
            }
            return .success(id)
        case 404, 405, 501: return .failure(.unsupported(status: reply.status))
        default: return .failure(.failed("HTTP \(reply.status)"))
        }
    }

    /// Deletes the registration, waiting at most `timeout`, whatever happens to the task that asks (Ctrl-C): best
    /// effort, so that a seller is not left sending events to a listener that is gone. Why it failed, if it did.
    package func unregister(timeout: Duration = .seconds(5)) async -> String? {
        guard let endpoints = SonataEndpoint.hubs[api] else { return nil }
        let (client, id) = (client, id)
        // Unstructured, so that the cancellation that ended the watch does not cancel the clean-up too.
        let deletion = Task { () -> String? in
            await withTaskGroup(of: String?.self) { group in
                group.addTask {
                    do throws(SonataFailure) {
                        let reply = try await client.send(SonataOperation(endpoints.unregister, id: id))
                        return (200..<300).contains(reply.status) || reply.status == 404 ? nil : "HTTP \(reply.status)"
                    } catch {
                        return error.description
                    }
                }
                group.addTask {
                    try? await Task.sleep(for: timeout)
                    return "no answer within \(timeout)"
                }
                let first = await group.next() ?? nil
                group.cancelAll()
                return first
            }
        }
        return await deletion.value
    }
}

/// Why a seller took no notification registration.
package enum HubRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The seller does not support notifications (501), or has no hub (404, 405).
    case unsupported(status: Int)
    case failed(String)

    package var description: String {
        switch self {
        case .unsupported(let status): "no notification support (HTTP \(status))"
        case .failed(let why): "registration failed: \(why)"
        }
    }
}
