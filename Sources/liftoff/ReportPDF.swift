import Foundation

/// `liftoff report --format pdf`: the HTML report printed by the installed Chromium (headless
/// print-to-PDF), so the PDF is the page a browser shows, charts included (docs/report.md).
enum ReportPDF {
    /// `LIFTOFF_CHROMIUM`, else the first of chromium, chromium-browser, google-chrome on PATH.
    static func browser(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let chosen = environment["LIFTOFF_CHROMIUM"], !chosen.isEmpty {
            return FileManager.default.isExecutableFile(atPath: chosen) ? chosen : nil
        }
        let dirs = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for dir in dirs where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") { return "\(dir)/\(name)" }
        }
        return nil
    }

    static func write(html: String, to output: String) async throws {
        guard let chromium = browser() else {
            throw CLIError(message: "--format pdf prints the HTML report with Chromium, and none was found (chromium, chromium-browser or google-chrome on PATH, or LIFTOFF_CHROMIUM)\n  hint: install it (Debian: apt-get install chromium), or write --format html and print that", code: 2)
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("liftoff-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("report.html")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let target = URL(fileURLWithPath: output, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
        // Printed beside the page, then written to the output like any other format: the output
        // may be a device or a pipe (/dev/stdout), which must never be removed or replaced.
        let printed = dir.appendingPathComponent("report.pdf")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        // A profile of its own: a running browser of the user's is left alone.
        process.arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                             "--user-data-dir=\(dir.appendingPathComponent("profile").path)", "--no-pdf-header-footer",
                             "--print-to-pdf=\(printed.path)", page.absoluteString]
        let log = dir.appendingPathComponent("chromium.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                throw CLIError(message: "Chromium did not print the report within 120 s (\(chromium))", code: 3)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        try? handle.close()
        let pdf = (try? Data(contentsOf: printed)) ?? Data()
        guard process.terminationStatus == 0, !pdf.isEmpty else {
            let said = (try? String(contentsOf: log, encoding: .utf8)).map { String($0.suffix(600)) } ?? ""
            throw CLIError(message: "Chromium (\(chromium)) did not print the report: exit \(process.terminationStatus)\n\(said)", code: 3)
        }
        do {
            try pdf.write(to: target)
        } catch {
            throw CLIError(message: "cannot write \(output): \(error.localizedDescription)", code: 2)
        }
    }
}
