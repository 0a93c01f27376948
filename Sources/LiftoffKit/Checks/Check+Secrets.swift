/// Filling secret variables at the moment a check runs (never earlier, never stored).
extension Check {
    /// Secret variable name → value, read from `environment`; names whose environment variable
    /// is unset are returned in `missing`.
    public func secretValues(environment: [String: String]) -> (values: [String: String], missing: [String]) {
        var values: [String: String] = [:]
        var missing: [String] = []
        for (name, env) in secrets.sorted(by: { $0.key < $1.key }) {
            if let value = environment[env] { values[name] = value } else { missing.append(env) }
        }
        return (values, missing)
    }

    /// A copy with `{{NAME}}` secrets filled: in commands as values for the environment (the
    /// text keeps its placeholders), plain elsewhere.
    public func revealing(_ values: [String: String]) -> Check {
        guard !values.isEmpty else { return self }
        func fill(_ s: String) -> String { PlaceholderScanner.substitute(s, values) }
        var copy = self
        switch target {
        case .http(let method, let url): copy.target = .http(method: method, url: fill(url))
        case .tls, .tcp: break
        case .dns(let name, let type): copy.target = .dns(name: fill(name), type: type)
        case .command: copy.values.merge(values) { _, secret in secret }
        case .prometheus(let query): copy.target = .prometheus(query: fill(query))
        }
        copy.options.headers = options.headers.map { HeaderField(name: $0.name, value: fill($0.value)) }
        copy.options.body = options.body.map(fill)
        copy.assertions = assertions.map { a in
            var b = a
            switch a.expected {
            case .text(let s): b.expected = .text(fill(s))
            default: break
            }
            if case .json(let path) = a.subject { b.subject = .json(fill(path)) }
            return b
        }
        return copy
    }
}
