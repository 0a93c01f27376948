import ArgumentParser

/// The runbooks `liftoff init` writes: each shows every shape Liftoff reads (phases on T-0,
/// owners, a go/no-go gate, a check, a traffic shift, a rollback section with its criterion)
/// and rehearses against the demo's sandbox as written (docs/demo.md).
enum StarterTemplate: String, CaseIterable, ExpressibleByArgument {
    case goLive = "go-live"
    case blueGreen = "blue-green"
    case featureLaunch = "feature-launch"

    var runbook: String {
        switch self {
        case .goLive: Self.goLiveRunbook
        case .blueGreen: Self.blueGreenRunbook
        case .featureLaunch: Self.featureLaunchRunbook
        }
    }

    var vars: String {
        switch self {
        case .goLive: Self.goLiveVars
        case .blueGreen: Self.blueGreenVars
        case .featureLaunch: Self.featureLaunchVars
        }
    }
}
