import Hummingbird
import NIOCore

/// How much of a request body the server reads before answering 413.
public enum RequestBodyLimit {
    /// Every JSON body except runbook uploads.
    public static let json = 1 << 20
    /// `POST /api/v1/launches` carries a whole runbook.
    public static let runbookUpload = 5 << 20

    /// The body, or a 413 when it is longer than `limit` (by Content-Length or as it streams in).
    static func collect(_ request: inout Request, limit: Int) async throws -> ByteBuffer {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw APIError.tooLarge(limit: limit)
        }
        do {
            return try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError.tooLarge(limit: limit)
        }
    }
}
