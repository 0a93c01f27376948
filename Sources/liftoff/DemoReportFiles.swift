import Foundation
import LiftoffKit

/// Where the demo leaves its report. Until `liftoff report` lands, the launch status is written.
enum DemoReportFiles {
    static func write(launch: Int64, events: [LaunchEvent], into directory: URL) -> [String] {
        guard let state = try? LaunchState.fold(events) else { return [] }
        let url = directory.appendingPathComponent("status.txt")
        let text = state.activity.map { "\(CanonicalTime.string($0.time))  \($0.summary)" }.joined(separator: "\n") + "\n"
        do {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return [url.path]
        } catch {
            return []
        }
    }
}
