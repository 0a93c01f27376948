import Foundation
import HTTPTypes
import Hummingbird
import LiftoffKit
import LiftoffApplication
import LiftoffStore
import NIOCore

/// An error answered as `{"error":{"code":…,"message":…}}` with its HTTP status.
public struct APIError: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Self.json(status: status, code: code, message: message, headers: headers)
    }

    static func json(status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) -> Response {
        let body = JSONValue.object(["error": .object(["code": .string(code), "message": .string(message)])])
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: CanonicalJSON.string(body))))
    }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, "bad_request", message) }
    static func tooLarge(limit: Int) -> APIError {
        // The rest of the body is not read: the connection closes after the answer.
        APIError(.contentTooLarge, "too_large", "the request body is larger than \(limit / 1024) KiB", headers: [.connection: "close"])
    }
    static let unauthenticated = APIError(.unauthorized, "unauthenticated", "this needs a participant token: send Authorization: Bearer TOKEN, or log in at /login",
                                          headers: [.wwwAuthenticate: "Bearer realm=\"liftoff\""])
    static func forbidden(_ message: String) -> APIError { APIError(.forbidden, "forbidden", message) }
    static func notFound(_ message: String) -> APIError { APIError(.notFound, "not_found", message) }

    /// Refusals of `LaunchDecider` as the contract maps them.
    static func refusal(_ refusal: Refusal) -> APIError {
        let status: HTTPResponse.Status = switch refusal.kind {
        case .notFound: .notFound
        case .forbidden: .forbidden
        case .invalid: .unprocessableContent
        case .blockedByGate, .alreadyInState, .ended, .unmetCriteria: .conflict
        }
        let code = switch refusal.kind {
        case .notFound: "not_found"
        case .forbidden: "forbidden"
        case .invalid: "invalid"
        case .blockedByGate: "blocked_by_gate"
        case .alreadyInState: "already_in_state"
        case .ended: "ended"
        case .unmetCriteria: "unmet_criteria"
        }
        return APIError(status, code, refusal.description)
    }

    static func store(_ error: StoreError) -> APIError {
        switch error.kind {
        case .launchNotFound: APIError(.notFound, "not_found", error.message)
        case .duplicate: APIError(.conflict, "duplicate", error.description)
        case .credentialEnded: APIError(.unauthorized, "unauthenticated", error.description,
                                        headers: [.wwwAuthenticate: "Bearer realm=\"liftoff\", error=\"invalid_token\""])
        case .conflict: APIError(.conflict, "conflict", error.message)
        case .missing, .notLiftoff, .unwritable, .newerSchema, .database: APIError(.serviceUnavailable, "store_unavailable", error.message)
        }
    }

    static func service(_ failure: LaunchService.Failure) -> APIError {
        switch failure {
        case .store(let e): store(e)
        case .refused(let r): refusal(r)
        case .projection(let p): APIError(.internalServerError, "unreadable_launch", "the launch's events cannot be read: \(p)")
        }
    }
}
