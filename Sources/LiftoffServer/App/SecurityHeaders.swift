import HTTPTypes

/// The headers every response carries (pages, API, errors, streams).
enum SecurityHeaders {
    static let contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

    static func apply(to headers: inout HTTPFields, tls: Bool) {
        // A response may bring a stricter policy of its own (the report page admits its style by hash).
        if headers[.contentSecurityPolicy] == nil { headers[.contentSecurityPolicy] = contentSecurityPolicy }
        headers[.xContentTypeOptions] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        if tls { headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains" }
    }
}
