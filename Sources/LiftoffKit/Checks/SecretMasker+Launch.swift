extension SecretMasker {
    /// Masks the values of a launch's secrets (`env:NAME` variables and channel settings) as this
    /// process's environment has them. Values that are not set are not known, so not masked.
    public init(launch created: LaunchCreated, environment: [String: String]) {
        var references = Array(created.variables.values)
        for channel in created.channels ?? [] {
            references.append(channel.url)
            if let secret = channel.secret { references.append(secret) }
        }
        let values = references.compactMap { reference -> String? in
            guard reference.hasPrefix("env:") else { return nil }
            return environment[String(reference.dropFirst(4))]
        }
        self.init(secrets: values)
    }
}
