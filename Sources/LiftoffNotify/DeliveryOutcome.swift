import Foundation

/// What one delivery attempt came to: delivered (or nothing to send), or a failure; and what the
/// receiver named on the way (a GitHub deployment id) for later deliveries to use.
struct DeliveryOutcome: Sendable {
    var failure: DeliveryFailure?
    var reference: String?
    /// Delivered without a request: the channel had nothing to say about this update.
    var skipped = false

    static let delivered = DeliveryOutcome(failure: nil)
    static let nothingToSend = DeliveryOutcome(failure: nil, skipped: true)

    static func failed(_ failure: DeliveryFailure, reference: String? = nil) -> DeliveryOutcome {
        DeliveryOutcome(failure: failure, reference: reference)
    }
}
