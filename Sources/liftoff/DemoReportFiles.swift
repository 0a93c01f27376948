import Foundation
import LiftoffApplication
import LiftoffKit
import LiftoffProbes

/// The demo's last act: the launch report, as Markdown and HTML, beside its database.
enum DemoReportFiles {
    static func write(launch: Int64, events: [LaunchEvent], into directory: URL, now: Date, signals: any SignalHistory) async -> [String] {
        guard let built = try? LaunchService.report(of: events, now: now) else {
            Terminal.error("the report could not be built from the launch's events")
            return []
        }
        let report = await LaunchService.withSignals(built, events: events, from: signals)
        var written: [String] = []
        for (name, text) in [("report.md", report.markdown()), ("report.html", report.html())] {
            let url = directory.appendingPathComponent(name)
            do {
                try text.write(to: url, atomically: true, encoding: .utf8)
                written.append(url.path)
            } catch {
                Terminal.error("cannot write \(url.path): \(error.localizedDescription)")
            }
        }
        return written
    }
}
