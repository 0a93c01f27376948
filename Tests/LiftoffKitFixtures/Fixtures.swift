import Foundation
import LiftoffKit
import LiftoffTestSupport

/// The seed runbooks and the public corpus, read from `../shared` beside the repository
/// (or `LIFTOFF_SHARED`), plus the examples kept in the repository.
package enum Fixtures {
    package static let repositoryRoot = Repository.root

    package static var shared: URL { Repository.shared }

    package static func text(_ url: URL) -> String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    /// The seeds as written (no Liftoff markup), by example name; the examples themselves carry
    /// annotations for the sandbox, so they stand in only when ../shared is absent.
    package static let seedFiles = ["acme-blue-green": "acme-blue-green-deployment-runbook.md", "go-live": "go-live-runbook-template.md",
                            "feature-launch": "feature-launch-runbook.md"]

    package static func example(_ name: String) -> String {
        if let seed = seedFiles[name] {
            let url = shared.appendingPathComponent("seeds/\(seed)")
            if FileManager.default.fileExists(atPath: url.path) { return text(url) }
        }
        return text(repositoryRoot.appendingPathComponent("examples/\(name)/runbook.md"))
    }

    package static func annotatedExample(_ name: String) -> String {
        text(repositoryRoot.appendingPathComponent("examples/\(name)/runbook.md"))
    }

    package static func runbook(_ name: String) -> Runbook {
        RunbookExtractor.extract(example(name), file: "examples/\(name)/runbook.md")
    }

    /// Every seed and corpus Markdown file (the examples stand in when ../shared is absent).
    package static var allRunbookFiles: [URL] {
        var urls: [URL] = []
        for folder in ["seeds", "corpus"] {
            let dir = shared.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            urls += names.filter { $0.hasSuffix(".md") && $0 != "README.md" && $0 != "SOURCES.md" }.sorted().map { dir.appendingPathComponent($0) }
        }
        if urls.isEmpty {
            urls = ["acme-blue-green", "feature-launch", "go-live"].map { repositoryRoot.appendingPathComponent("examples/\($0)/runbook.md") }
        }
        return urls
    }
}
