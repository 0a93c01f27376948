import Foundation
import LiftoffTestSupport
import Testing

/// `liftoff report --format pdf` through the installed Chromium, its pages turned into images
/// by `pdftoppm` (poppler-utils): the chart areas are drawn, not blank.
@Suite struct CLIReportPDFTests {
    /// A binary PPM (P6) as pdftoppm writes it: width, height and RGB bytes.
    static func ppm(_ data: Data) -> (width: Int, height: Int, pixels: [UInt8])? {
        let bytes = [UInt8](data)
        var fields: [String] = []
        var i = 0
        while fields.count < 4, i < bytes.count {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
            var token = ""
            while i < bytes.count, !(bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09) { token.append(Character(UnicodeScalar(bytes[i]))); i += 1 }
            fields.append(token)
        }
        i += 1
        guard fields.count == 4, fields[0] == "P6", let w = Int(fields[1]), let h = Int(fields[2]), bytes.count - i >= w * h * 3 else { return nil }
        return (w, h, Array(bytes[i..<(i + w * h * 3)]))
    }

    /// Pixels within `tolerance` of `rgb`.
    static func count(_ image: (width: Int, height: Int, pixels: [UInt8]), _ rgb: (Int, Int, Int), tolerance: Int = 24) -> Int {
        var n = 0
        var i = 0
        while i + 2 < image.pixels.count {
            if abs(Int(image.pixels[i]) - rgb.0) <= tolerance, abs(Int(image.pixels[i + 1]) - rgb.1) <= tolerance, abs(Int(image.pixels[i + 2]) - rgb.2) <= tolerance { n += 1 }
            i += 3
        }
        return n
    }

    @Test func thePDFReportHasItsCharts() throws {
        guard Tools.available("chromium"), Tools.available("pdftoppm") else { return }
        let dir = try TestEnvironment.temporaryDirectory()
        guard let cli = CLI(dir: dir) else { return }
        let runbook = dir.appendingPathComponent("runbook.md")
        try """
        # Checkout v2

        ## T-1h: Go/No-Go

        Required approvals from:

        - Engineering Lead

        ## T-0 → T+1h: Deploy

        - [ ] Deploy the release
        - [ ] Run smoke tests
        """.write(to: runbook, atomically: true, encoding: .utf8)
        // T-0 half an hour ago, so the planned windows and what was done share the chart's axis.
        let at = ISO8601DateFormatter.string(from: Date().addingTimeInterval(-1800), timeZone: TimeZone(identifier: "UTC") ?? .current,
                                             formatOptions: [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]).prefix(16)
        let create = try cli.run("launch", "create", runbook.path, "--at", String(at), "--tz", "UTC", "--name", "checkout", "--mode", "rehearsal")
        #expect(create.status == 0, "\(create.stderr)")
        let lead = try cli.addUser("lee", roles: ["Engineering Lead"], launch: "1")
        let vote = try cli.run("gate", "vote", "1", "go/no-go", "go", "--as", "Engineering Lead", token: lead)
        #expect(vote.status == 0, "\(vote.stderr)")
        #expect(try cli.run("step", "done", "1", "deploy the release", token: lead).status == 0)

        let pdf = dir.appendingPathComponent("report.pdf")
        let out = try cli.run("report", "1", "--format", "pdf", "--output", pdf.path)
        #expect(out.status == 0, "\(out.stderr)")
        let head = try Data(contentsOf: pdf).prefix(5)
        #expect(String(decoding: head, as: UTF8.self) == "%PDF-")
        let pages = dir.appendingPathComponent("page")
        let raster = try ProcessRunner.run(URL(fileURLWithPath: Tools.path("pdftoppm") ?? "/usr/bin/pdftoppm"), ["-r", "60", "-f", "1", "-l", "1", pdf.path, pages.path])
        #expect(raster.status == 0, "\(raster.stderr)")
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: dir.path).first { $0.hasPrefix("page") && $0.hasSuffix(".ppm") })
        let image = try #require(Self.ppm(try Data(contentsOf: dir.appendingPathComponent(file))))
        // The Gantt's planned bars (#afb8c1) and the GO vote (#1a7f37) are drawn on the first page.
        let planned = Self.count(image, (0xaf, 0xb8, 0xc1), tolerance: 10)
        let go = Self.count(image, (0x1a, 0x7f, 0x37), tolerance: 30)
        #expect(planned > 40, "planned bars: \(planned) pixels")
        #expect(go > 20, "GO marks and done bars: \(go) pixels")

        // Without a browser the error says what is missing and what to do.
        let none = try TestEnvironment.run(cli.binary, ["report", "1", "--format", "pdf", "--output", pdf.path],
                                           environment: ["LIFTOFF_DB": cli.db, "LIFTOFF_CHROMIUM": "/nonexistent/chromium"])
        #expect(none.status == 2 && none.stderr.contains("Chromium") && none.stderr.contains("apt-get install chromium"), "\(none.stderr)")
    }
}
