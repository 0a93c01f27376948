import Foundation
import Testing

/// The ICS imports cleanly into an independent parser (Python's icalendar, Debian python3-icalendar).
@Suite struct CalendarImportTests {
    static let python = "/usr/bin/python3"

    static var parserAvailable: Bool {
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", "import icalendar"]
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    @Test func icalendarParserIsInstalledInCI() {
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            #expect(Self.parserAvailable, "CI must install python3-icalendar (.ci/run does)")
        }
    }

    @Test(.enabled(if: parserAvailable, "skipping: python3-icalendar not installed (apt-get install python3-icalendar)"),
          arguments: ["go-live", "feature-launch"])
    func everyEventImports(_ example: String) throws {
        let dir = try LiftoffBinary.temporaryDirectory()
        let ics = dir.appendingPathComponent("\(example).ics")
        let plan = try LiftoffBinary.run(["plan", "examples/\(example)/runbook.md", "--vars", "examples/\(example)/vars.yaml", "--at", "2026-10-25T01:30", "--tz", "Europe/Oslo", "--ics", ics.path])
        #expect(plan.status == 0)
        let script = """
        import sys, icalendar
        cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
        events = list(cal.walk('VEVENT'))
        uids = [str(e['UID']) for e in events]
        assert len(uids) == len(set(uids)), 'duplicate UIDs'
        for e in events:
            assert e['DTSTART'].dt.tzinfo is not None
            assert str(e['SUMMARY'])
        print(len(events))
        """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.python)
        p.arguments = ["-c", script, ics.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let count = Int(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(count > 10)
        #expect(plan.stderr.contains("wrote \(ics.path) (\(count) events)"))
    }
}
