import AsyncHTTPClient
import Foundation
import NIOCore

/// One Server-Sent Events frame: an event (id, type, data) or a comment line (heartbeat).
struct SSEFrame: Sendable {
    var id: Int?
    var event: String?
    var data: String?
    var comment: String?
}

extension TestServer {
    /// Opens the launch's event stream and reads frames until `done` says so (or the stream ends).
    func readEvents(launch: Int64? = nil, headers: [(String, String)] = [], query: String = "", token: String? = nil,
                    until done: @Sendable ([SSEFrame]) -> Bool) async throws -> [SSEFrame] {
        var request = HTTPClientRequest(url: base + "/api/v1/launches/\(launch ?? self.launch)/events" + query)
        request.headers.add(name: "Authorization", value: "Bearer \(token ?? tokens.viewer)")
        request.headers.add(name: "Accept", value: "text/event-stream")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await client.execute(request, timeout: .seconds(300))
        guard response.status.code == 200 else { throw TestFailure("event stream answered \(response.status.code)") }
        var frames: [SSEFrame] = []
        var pending = ""
        for try await chunk in response.body {
            pending += String(buffer: chunk)
            while let end = pending.range(of: "\n\n") {
                let block = String(pending[..<end.lowerBound])
                pending.removeSubrange(..<end.upperBound)
                frames.append(Self.parse(block))
            }
            if done(frames) { return frames }
        }
        return frames
    }

    static func parse(_ block: String) -> SSEFrame {
        var frame = SSEFrame()
        for line in block.split(separator: "\n") {
            if line.hasPrefix(":") { frame.comment = String(line.dropFirst()).trimmingCharacters(in: .whitespaces) }
            else if line.hasPrefix("id: ") { frame.id = Int(line.dropFirst(4)) }
            else if line.hasPrefix("event: ") { frame.event = String(line.dropFirst(7)) }
            // Several data lines make one value, joined by line breaks (as EventSource does).
            else if line.hasPrefix("data: ") {
                let value = String(line.dropFirst(6))
                frame.data = frame.data.map { $0 + "\n" + value } ?? value
            }
        }
        return frame
    }
}
