import Foundation
import Hummingbird
import LiftoffKit
import NIOCore

/// A request body type with the fields it accepts; any other field is refused by name.
protocol StrictBody: Decodable, SendableMetatype {
    static var fields: [String] { get }
}

/// Reads a JSON request body: size-limited (413), an object (400), no unknown fields (400 naming
/// them), then decoded with messages that name the field that is wrong.
enum StrictJSON {
    static func decode<T: StrictBody>(_: T.Type, from request: Request, limit: Int = RequestBodyLimit.json) async throws -> T {
        var request = request
        if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/json") {
            throw APIError(.unsupportedMediaType, "unsupported_media_type", "send the body as application/json, not \(type)")
        }
        let buffer = try await RequestBodyLimit.collect(&request, limit: limit)
        let data = Data(buffer: buffer)
        guard let value = JSONValue.parse(utf8: buffer.readableBytesView) else {
            throw APIError.badRequest("the body is not valid JSON")
        }
        guard case .object(let object) = value else {
            throw APIError.badRequest("the body must be a JSON object with the fields \(T.fields.joined(separator: ", "))")
        }
        let unknown = object.keys.filter { !T.fields.contains($0) }.sorted()
        if let first = unknown.first {
            let list = unknown.count == 1 ? "field '\(first)'" : "fields " + unknown.map { "'\($0)'" }.joined(separator: ", ")
            throw APIError.badRequest("unknown \(list); this endpoint accepts \(T.fields.joined(separator: ", "))")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw APIError.badRequest(describe(error))
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.badRequest("cannot read the body: \(error)")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context, _ key: CodingKey? = nil) -> String {
            let keys = context.codingPath.map(\.stringValue) + (key.map { [$0.stringValue] } ?? [])
            return keys.isEmpty ? "the body" : "field '\(keys.joined(separator: "."))'"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing \(path(context, key))"
        case .typeMismatch(let type, let context): return "\(path(context)) must be \(typeName(type))"
        case .valueNotFound(let type, let context): return "\(path(context)) must be \(typeName(type)), not null"
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "cannot read the body"
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int64.Type: "an integer"
        case is [String].Type: "an array of strings"
        default: "\(type)"
        }
    }
}
