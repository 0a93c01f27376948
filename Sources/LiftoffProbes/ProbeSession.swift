import AsyncHTTPClient
import LiftoffKit
import NIOCore
import NIOPosix

/// The shared clients of one run (an HTTP client, the event loops) and the dispatch from a
/// check's kind to its probe.
struct ProbeSession: Sendable {
    let group: any EventLoopGroup
    let http: HTTPClient
    let prometheusURL: String?
    /// What every command starts from (`CommandEnvironment.base`).
    let commandEnvironment: [String: String]

    init(prometheusURL: String?, commandEnvironment: [String: String]) {
        self.commandEnvironment = commandEnvironment
        group = MultiThreadedEventLoopGroup.singleton
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        // Room for a whole pool of probes to one host at once; idle connections go soon.
        configuration.connectionPool = .init(idleTimeout: .seconds(5), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        // A refused connection or a bad certificate is the observation; retrying until the
        // deadline would turn it into a vague timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        http = HTTPClient(eventLoopGroup: group, configuration: configuration)
        self.prometheusURL = prometheusURL
    }

    func shutdown() async {
        try? await http.shutdown()
    }

    /// `masker`: where output is cut, no part of a secret may be left at the cut.
    func observe(_ check: Check, timeout: Double, masker: SecretMasker = SecretMasker(secrets: [])) async throws -> Observation {
        switch check.target {
        case .http(let method, let url):
            return .http(try await HTTPProbe(client: http).observe(method: method, url: url, options: check.options, timeout: timeout))
        case .tls(let host, let port):
            return .tls(try await TLSProbe(group: group).observe(host: host, port: port, sni: check.options.sni, caFile: check.options.ca, timeout: timeout))
        case .dns(let name, let type):
            return .dns(try await DNSProbe(client: DNSClient(group: group)).observe(name: name, type: type, server: check.options.server))
        case .tcp(let host, let port):
            return .tcp(await TCPProbe(group: group).observe(host: host, port: port, timeout: timeout))
        case .command(let command):
            return .command(try await CommandProbe().observe(command: command, values: check.values, base: commandEnvironment, cwd: check.options.cwd, timeout: timeout, masker: masker))
        case .prometheus(let query):
            return .prometheus(try await PrometheusProbe(client: http).observe(query: query, baseURL: prometheusURL, timeout: timeout))
        }
    }
}
