/// A registered route, as the OpenAPI document names it (`GET /api/v1/launches/{id}`).
public struct RouteKey: Hashable, Sendable, CustomStringConvertible {
    public var method: String
    public var path: String

    public init(_ method: String, _ path: String) {
        self.method = method
        self.path = path
    }

    public var description: String { "\(method) \(path)" }
}
