import Foundation
import LiftoffKit
import Logging
import ServiceLifecycle

/// Posts the answers to Slack button presses to their `response_url` after the interaction
/// request was answered: Slack wants its 200 within 3 seconds, and the answer's own request
/// may take longer. Runs in the server's service group; answers are sent concurrently, each
/// once (an answer is a courtesy: the decision is already in the log).
public final class SlackResponder: Service, Sendable {
    struct Answer: Sendable {
        var url: URL
        var body: [UInt8]
    }

    private let answers: AsyncStream<Answer>
    private let continuation: AsyncStream<Answer>.Continuation
    private let send: (@Sendable (URL, [UInt8]) async -> String?)?
    private let logger: Logger

    init(send: (@Sendable (URL, [UInt8]) async -> String?)?, logger: Logger) {
        // A burst beyond this many unsent answers drops the oldest; the decisions stay recorded.
        (answers, continuation) = AsyncStream.makeStream(of: Answer.self, bufferingPolicy: .bufferingNewest(1000))
        self.send = send
        self.logger = logger
    }

    /// Queues `body` for `url`; returns at once.
    func answer(_ body: JSONValue, to url: URL) {
        continuation.yield(Answer(url: url, body: CanonicalJSON.bytes(body)))
    }

    public func run() async throws {
        let send = self.send
        let logger = self.logger
        await withDiscardingTaskGroup { group in
            for await answer in answers.cancelOnGracefulShutdown() {
                group.addTask {
                    guard let send else {
                        logger.warning("slack: no HTTP client to answer an interaction; the decision is recorded")
                        return
                    }
                    // Never the URL in logs: a response_url lets anyone post to the channel for a while.
                    if let failure = await send(answer.url, answer.body) {
                        logger.warning("slack: answering an interaction failed: \(failure)")
                    }
                }
            }
        }
        continuation.finish()
    }
}
