import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends one `DeliveryRequest` and says what became of it: 2xx delivered; 408, 429, 5xx, timeouts
/// and network errors are worth retrying (after `Retry-After` when given); any other status is a
/// refusal that retrying will not change.
struct HTTPDelivery: Sendable {
    var client: HTTPClient
    var timeout: TimeAmount

    /// A client for notifications: redirects are not followed (a POST must reach the URL
    /// configured, not wherever a 3xx points). The caller shuts it down.
    /// A refused connection is retried within `connectTimeout` before the attempt fails.
    static func makeClient(connectTimeout: TimeAmount = .seconds(5)) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: connectTimeout, read: .seconds(30))
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// nil when delivered.
    func send(_ request: DeliveryRequest, now: @Sendable () -> Date) async -> DeliveryFailure? {
        if case .failure(let failure) = await exchange(request, now: now) { return failure }
        return nil
    }

    /// The body of a 2xx answer (up to 64 KiB), or why there was none.
    func exchange(_ request: DeliveryRequest, now: @Sendable () -> Date) async -> Result<[UInt8], DeliveryFailure> {
        var http = HTTPClientRequest(url: request.url.absoluteString)
        http.method = .POST
        for (name, value) in request.headers { http.headers.add(name: name, value: value) }
        http.body = .bytes(ByteBuffer(bytes: request.body))
        do {
            let response = try await client.execute(http, timeout: timeout)
            // A little of the body says why (Slack answers `invalid_payload`, `no_service`, …).
            let body = try? await response.body.collect(upTo: 65536)
            let code = Int(response.status.code)
            if (200..<300).contains(code) { return .success(body.map { Array(buffer: $0) } ?? []) }
            let snippet = body.map { String(buffer: $0).trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
            let reason = "HTTP \(code)" + (snippet.map { ": \($0)" } ?? "")
            // GitHub answers its rate limits with 403 and says so in its headers (docs/notifications.md).
            let rateLimited = code == 403 && (response.headers.first(name: "X-RateLimit-Remaining") == "0" || response.headers.contains(name: "Retry-After"))
            if code == 408 || code == 429 || code >= 500 || rateLimited {
                return .failure(.transient(reason, retryAfter: Self.retryAfter(response.headers.first(name: "Retry-After"), now: now())))
            }
            if (300..<400).contains(code) { return .failure(.permanent(reason + " (redirects are not followed)")) }
            return .failure(.permanent(reason))
        } catch {
            return .failure(.transient(Self.describe(error)))
        }
    }

    /// `Retry-After` as seconds or an HTTP date; nil when absent or unreadable.
    static func retryAfter(_ value: String?, now: Date) -> TimeInterval? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds.isFinite, seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return max(date.timeIntervalSince(now), 0)
    }

    /// Error texts without URLs (a Slack URL is a secret): the kind of failure, in words.
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout: return "timed out"
            case .connectTimeout: return "connect timed out"
            case .remoteConnectionClosed: return "the receiver closed the connection"
            default: return "HTTP client error: \(error)"
            }
        }
        if let error = error as? IOError { return "network error: \(error.description)" }
        return "network error: \(String(describing: error))"
    }
}
