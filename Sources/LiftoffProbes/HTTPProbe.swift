import AsyncHTTPClient
import Foundation
import LiftoffKit
import NIOCore
import NIOHTTP1
import NIOSSL

/// `http`: one request (and its redirects, followed here so the chain is recorded), status,
/// headers, body up to 1 MiB and latency to the last byte.
struct HTTPProbe: Sendable {
    static let bodyLimit = 1 << 20
    static let maxRedirects = 10

    let client: HTTPClient

    func observe(method: String, url: String, options: CheckOptions, timeout: Double) async throws -> HTTPObservation {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = NIODeadline.now() + .milliseconds(Int64(timeout * 1000))
        var current = url
        var method = method
        var body = options.body
        var redirects: [HTTPObservation.Redirect] = []
        let tls = try options.ca.map { ca -> TLSConfiguration in
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.trustRoots = .file(ca)
            guard FileManager.default.isReadableFile(atPath: ca) else { throw ProbeError("cannot read CA file '\(ca)'") }
            return configuration
        }
        while true {
            var request = HTTPClientRequest(url: current)
            request.method = HTTPMethod(rawValue: method)
            request.tlsConfiguration = tls
            for header in options.headers { request.headers.add(name: header.name, value: header.value) }
            if let body {
                request.body = .bytes(ByteBuffer(string: body))
                if !request.headers.contains(name: "content-type") {
                    let json = body.first == "{" || body.first == "["
                    request.headers.add(name: "Content-Type", value: json ? "application/json" : "text/plain; charset=utf-8")
                }
            }
            let response: HTTPClientResponse
            do {
                response = try await client.execute(request, deadline: deadline)
            } catch {
                throw ProbeError(Self.describe(error, url: current))
            }
            var collected = ByteBuffer()
            do {
                for try await var chunk in response.body {
                    let room = Self.bodyLimit - collected.readableBytes
                    if room > 0, let bytes = chunk.readSlice(length: min(room, chunk.readableBytes)) {
                        collected.writeImmutableBuffer(bytes)
                    }
                }
            } catch {
                throw ProbeError(Self.describe(error, url: current))
            }
            let status = Int(response.status.code)
            if [301, 302, 303, 307, 308].contains(status), let location = response.headers.first(name: "location") {
                redirects.append(.init(status: status, url: current, location: location))
                if options.followRedirects {
                    guard redirects.count <= Self.maxRedirects else { throw ProbeError("more than \(Self.maxRedirects) redirects, last to \(location)") }
                    current = RedirectLocation.resolve(location, against: current)
                    if status == 303 || ((status == 301 || status == 302) && method == "POST") {
                        method = "GET"
                        body = nil
                    }
                    continue
                }
            }
            let latency = clock.now - start
            return HTTPObservation(
                status: status,
                headers: response.headers.map { HeaderField(name: $0.name, value: $0.value) },
                body: String(decoding: collected.readableBytesView, as: UTF8.self),
                latency: latency.seconds,
                redirects: redirects,
                finalURL: current
            )
        }
    }

    static func describe(_ error: any Error, url: String) -> String {
        if let e = error as? HTTPClientError {
            switch e {
            case .deadlineExceeded, .readTimeout: return "no response from \(url) in time"
            case .connectTimeout: return "connect to \(url) timed out"
            case .remoteConnectionClosed: return "\(url) closed the connection"
            case .cancelled: return "cancelled"
            default: return "\(url): \(e)"
            }
        }
        if let e = error as? NIOSSLError { return "TLS to \(url) failed: \(e)" }
        if let e = error as? BoringSSLError { return "TLS to \(url) failed: \(e)" }
        let text = "\(error)"
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused by \(url)" }
        return "\(url): \(text)"
    }
}

/// A `Location` header is resolved against the URL that sent it (RFC 9110 §10.2.2).
enum RedirectLocation {
    static func resolve(_ location: String, against base: String) -> String {
        guard let baseURL = URL(string: base), let url = URL(string: location, relativeTo: baseURL) else { return location }
        return url.absoluteString
    }
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
