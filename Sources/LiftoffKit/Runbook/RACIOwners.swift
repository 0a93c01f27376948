import LiftoffMarkdown

/// RACI matrices (`| Activity | Release Manager | SRE | QA |` with R/A/C/I cells, or a RACI
/// outline): the Responsible role owns the step or section that names the activity, and the
/// Accountable role approves a gate that names it. See docs/runbook-format.md, "Owners".
enum RACIOwners {
    /// Reads a RACI table; false when the table is not one.
    static func readTable(header: TableRow, rows: [TableRow], into builder: inout RunbookBuilder) -> Bool {
        let names = header.cells.map { TitleText.collapsed($0.plainText).trimmingCharactersInSpace() }
        guard names.count >= 3 else { return false }
        var letters = 0, filled = 0
        for row in rows {
            for cell in row.cells.dropFirst() {
                let v = cell.plainText.trimmingCharactersInSpace()
                guard !v.isEmpty else { continue }
                filled += 1
                if isRACICell(v) { letters += 1 }
            }
        }
        let marked = rows.contains { $0.cells.dropFirst().contains { c in c.plainText.uppercased().contains("R") || c.plainText.uppercased().contains("A") } }
        guard filled >= 2, marked, letters * 10 >= filled * 9 else { return false }
        for row in rows {
            guard let first = row.cells.first else { continue }
            let activity = TitleText.collapsed(first.plainText).trimmingCharactersInSpace()
            guard !activity.isEmpty else { continue }
            var assignments: [String: String] = [:]
            for (i, cell) in row.cells.enumerated().dropFirst() where i < names.count {
                let v = cell.plainText.trimmingCharactersInSpace()
                if !v.isEmpty, isRACICell(v) { assignments[names[i]] = v.uppercased() }
            }
            builder.addRACI(RACIEntry(activity: activity, assignments: assignments, position: SourcePosition(line: row.line, column: 1)))
        }
        return true
    }

    /// `R`, `A`, `R/A`, `C, I`, `-`.
    static func isRACICell(_ v: String) -> Bool {
        v.uppercased().allSatisfy { "RACI/,- ".contains($0) } && v.count <= 7
    }

    /// Whether an activity names this step or section text.
    static func matches(_ activity: String, _ text: String) -> Bool {
        let a = TitleText.normalized(activity), t = TitleText.normalized(TitleText.withoutNumbering(text))
        guard a.count >= 4, t.count >= 4 else { return false }
        return a == t || t.hasPrefix(a) || a.hasPrefix(t)
    }

    /// Sections and gates named by an activity take its Responsible / Accountable roles; steps
    /// are returned for the builder to give their own owner.
    static func apply(_ runbook: inout Runbook) -> [Int: String] {
        guard !runbook.raci.isEmpty else { return [:] }
        var stepOwners: [Int: String] = [:]
        for entry in runbook.raci {
            let responsible = marked(entry, "R")
            let accountable = marked(entry, "A")
            let owner = (responsible.isEmpty ? accountable : responsible).joined(separator: ", ")
            guard !owner.isEmpty else { continue }
            for i in runbook.sections.indices where runbook.sections[i].owner == nil && matches(entry.activity, runbook.sections[i].title) {
                runbook.sections[i].owner = owner
            }
            for i in runbook.steps.indices where matches(entry.activity, runbook.steps[i].text) {
                stepOwners[i] = owner
            }
            for g in runbook.gates.indices where runbook.gates[g].roles.isEmpty && matches(entry.activity, runbook.gates[g].title) {
                runbook.gates[g].roles = accountable.isEmpty ? responsible : accountable
            }
        }
        return stepOwners
    }

    private static func marked(_ entry: RACIEntry, _ letter: Character) -> [String] {
        entry.assignments.filter { $0.value.contains(letter) }.map(\.key).sorted()
    }
}
