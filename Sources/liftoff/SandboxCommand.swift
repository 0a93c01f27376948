import ArgumentParser
import AsyncHTTPClient
import Foundation
import LiftoffSandbox
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// `liftoff sandbox …`: the demo's stand-in production. The shift and rollback commands of the
/// example runbooks call it, playing the load balancer's part: Liftoff itself never routes traffic.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "The demo's stand-in production: run it, set its traffic weight, inject faults.",
        discussion: """
        The sandbox has two environments, blue (active, the previous release) and green (idle,
        the release being launched), synthetic traffic split by a weight, /metrics in the
        Prometheus format and a Prometheus-API query endpoint computed from its own counters.
        `liftoff demo` runs one; `liftoff sandbox serve` runs one on its own.

          liftoff sandbox weight 50 --sandbox http://127.0.0.1:8083
          liftoff sandbox fault green --error-ratio 8% --sandbox http://127.0.0.1:8083
          liftoff sandbox status --expect-serving blue
        """,
        subcommands: [Serve.self, Weight.self, Fault.self, Status.self]
    )

    struct Location: ParsableArguments {
        @Option(help: "The sandbox's control address (default: $LIFTOFF_SANDBOX).")
        var sandbox: String?

        func url() throws -> String {
            guard let url = sandbox ?? ProcessInfo.processInfo.environment["LIFTOFF_SANDBOX"], url.hasPrefix("http") else {
                throw CLIError.input("say where the sandbox is: --sandbox http://127.0.0.1:PORT (printed by `liftoff demo` and `liftoff sandbox serve`)")
            }
            return url.hasSuffix("/") ? String(url.dropLast()) : url
        }
    }

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run a sandbox until Ctrl-C and print its addresses.")

        @Option(help: "Port of the control endpoint (weight, faults, Prometheus API); 0: any free port.")
        var port: Int = 0
        @Option(help: "Port of the blue environment.")
        var bluePort: Int = 0
        @Option(help: "Port of the green environment.")
        var greenPort: Int = 0

        func run() async throws {
            for p in [port, bluePort, greenPort] where !(0...65535).contains(p) { throw CLIError.input("a port is between 0 and 65535, not \(p)") }
            let service = SandboxService(sandbox: Sandbox(), ports: (bluePort, greenPort, port)) { urls in
                Terminal.note("""
                sandbox running (synthetic traffic, not a production system):
                  blue        \(urls.blue)   (active, release 1c9d03b7)
                  green       \(urls.green)   (idle, release 4f2a9c1e)
                  control     \(urls.control)   (liftoff sandbox weight N --sandbox \(urls.control))
                  prometheus  \(urls.prometheus)   (query API answered from the sandbox's counters)
                """)
            }
            let group = ServiceGroup(services: [service], gracefulShutdownSignals: [.sigint, .sigterm], logger: Logger(label: "liftoff.sandbox"))
            do {
                try await group.run()
            } catch {
                throw CLIError(message: "the sandbox stopped: \(error)", code: 3)
            }
        }
    }

    struct Weight: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send this percentage of traffic to green (the rest to blue).")

        @Argument(help: "Percent of traffic for green, 0–100 (a trailing % is fine).")
        var percent: String
        @OptionGroup var location: Location

        func run() async throws {
            guard let weight = Int(percent.replacingOccurrences(of: "%", with: "")), (0...100).contains(weight) else {
                throw CLIError.input("the weight is a percentage from 0 to 100, not '\(percent)'")
            }
            let state = try await SandboxClient.send(.PUT, try location.url() + "/weight", ["green": weight])
            print(SandboxClient.summary(state))
        }
    }

    struct Fault: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make an environment fail a share of its requests (0% heals it).")

        @Argument(help: "blue or green.")
        var environment: String
        @Option(help: "Share of requests answered 500, e.g. 8% or 0.08.")
        var errorRatio: String = "8%"
        @Option(help: "Latency multiplier (1 = normal).")
        var latencyFactor: Double = 1
        @OptionGroup var location: Location

        func run() async throws {
            let text = errorRatio.trimmingCharacters(in: .whitespaces)
            guard let number = Double(text.replacingOccurrences(of: "%", with: "")) else { throw CLIError.input("--error-ratio takes 8% or 0.08, not '\(errorRatio)'") }
            let ratio = text.hasSuffix("%") ? number / 100 : number
            let state = try await SandboxClient.send(.POST, try location.url() + "/fault",
                                                     ["env": environment, "errorRatio": ratio, "latencyFactor": latencyFactor])
            print(SandboxClient.summary(state))
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the weights and releases; with --expect-…, exit 1 unless they hold (for rollback verification)."
        )

        @OptionGroup var location: Location
        @Option(help: "blue or green: the environment that must take all traffic.")
        var expectServing: String?
        @Option(help: "The release SHA that the environment taking all traffic must report on /healthz.")
        var expectSHA: String?

        func run() async throws {
            let state = try await SandboxClient.send(.GET, try location.url() + "/weight", nil)
            print(SandboxClient.summary(state))
            let weights = state["weight"] as? [String: Any] ?? [:]
            let serving = ["blue", "green"].first { (weights[$0] as? Int) == 100 }
            if let expected = expectServing?.lowercased(), serving != expected {
                throw CLIError(message: "\(expected) does not take all traffic (\(serving.map { "\($0) does" } ?? "traffic is split"))", code: 1)
            }
            if let expectSHA {
                guard let serving, let environments = state["environments"] as? [String: Any], let env = environments[serving] as? [String: Any],
                      let url = env["url"] as? String else {
                    throw CLIError(message: "no environment takes all traffic, so no single release serves it", code: 1)
                }
                let health = try await SandboxClient.send(.GET, url + "/healthz", nil)
                let sha = health["sha"] as? String ?? "?"
                guard sha == expectSHA else { throw CLIError(message: "\(serving) /healthz reports release \(sha), expected \(expectSHA)", code: 1) }
                print("\(serving) /healthz reports release \(sha)")
            }
        }
    }
}

/// JSON over HTTP to a sandbox.
enum SandboxClient {
    static func send(_ method: HTTPMethod, _ url: String, _ body: [String: Any]?) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let body, let data = try? JSONSerialization.data(withJSONObject: body) {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: data))
        }
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            bytes = try await response.body.collect(upTo: 1 << 20)
        } catch {
            throw CLIError(message: "cannot reach the sandbox at \(url): \(error)", code: 3)
        }
        let object = (try? JSONSerialization.jsonObject(with: Data(buffer: bytes))) as? [String: Any] ?? [:]
        guard (200..<300).contains(Int(response.status.code)) else {
            throw CLIError(message: "the sandbox refused: \(object["error"] as? String ?? "HTTP \(response.status.code)")", code: 2)
        }
        return object
    }

    static func summary(_ state: [String: Any]) -> String {
        let weights = state["weight"] as? [String: Any] ?? [:]
        let environments = state["environments"] as? [String: Any] ?? [:]
        return ["blue", "green"].map { name in
            let env = environments[name] as? [String: Any] ?? [:]
            let errors = (env["errorRatio"] as? Double).map { $0 >= 0.01 ? ", failing \(Int(($0 * 100).rounded()))% of requests" : "" } ?? ""
            return "\(name) \(weights[name] as? Int ?? 0)% (release \(env["sha"] as? String ?? "?")\(errors))"
        }.joined(separator: " · ")
    }
}
