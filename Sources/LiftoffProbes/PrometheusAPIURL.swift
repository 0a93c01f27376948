import Foundation

/// The URL of a Prometheus HTTP API call with its PromQL query encoded, shared by the instant
/// query of checks and triggers and the range query of the charts.
enum PrometheusAPIURL {
    /// `{base}/api/v1/{endpoint}?query=…&{extra}`; nil when the query cannot be encoded.
    static func make(base: String, endpoint: String, query: String, extra: String = "") -> String? {
        // `+`, `&`, `=`, `;` and `#` mean something in a query string: PromQL's must be escaped.
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "+&=;#")
        guard let encoded = query.addingPercentEncoding(withAllowedCharacters: allowed) else { return nil }
        return "\(trimmed(base))/api/v1/\(endpoint)?query=\(encoded)" + (extra.isEmpty ? "" : "&\(extra)")
    }

    /// The base URL without a trailing slash (also how errors name the server, without the query).
    static func trimmed(_ base: String) -> String {
        base.hasSuffix("/") ? String(base.dropLast()) : base
    }
}
