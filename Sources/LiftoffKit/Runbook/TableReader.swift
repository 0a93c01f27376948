import LiftoffMarkdown

/// Reads the tables runbooks use: timed launch tables (one step per row), threshold tables
/// (one trigger candidate per threshold), and approver tables under a gate.
enum TableReader {
    private static let timeHeaders: Set<String> = ["time", "when", "t", "timing", "offset", "at", "schedule", "eta", "due", "deadline", "due date", "target date", "date"]
    private static let actionHeaders = ["action", "step", "task", "milestone", "activity", "what", "item", "deliverable", "work item", "checkpoint"]
    /// `| Check name | Description | … |`: a readiness table whose rows are checks to tick.
    private static let checkHeaders: Set<String> = ["check", "check name", "checks", "checkpoint", "checklist item", "check item"]
    private static let ownerHeaders: Set<String> = ["owner", "owners", "who", "responsible", "assignee", "dri", "owner(s)", "accountable", "participants", "attendees",
                                                    "lead", "team", "assigned to", "performed by", "driver", "executor"]
    /// `| Duration |`, `| Est. |`: how long the row's step takes (docs/runbook-format.md, "Durations").
    private static let durationHeaders: Set<String> = ["duration", "est", "est.", "estimate", "estimated duration", "est. duration", "takes", "length"]
    private static let metricHeaders = ["metric", "signal", "indicator", "sli", "measure"]
    private static let thresholdHeaders = ["threshold", "target", "limit", "slo", "alert", "trigger"]

    static func read(header: TableRow, rows: [TableRow], block: BlockNode, ctx: WalkContext, into builder: inout RunbookBuilder) {
        let names = header.cells.map { TitleText.normalized($0.plainText) }
        // "Time (UTC)", "Owner (team)": the aside qualifies the column, it does not rename it.
        let bare = header.cells.map { TitleText.normalized(GateShapes.withoutAside($0.plainText)) }
        let time = bare.firstIndex { timeHeaders.contains($0) }
        let action = names.firstIndex { name in actionHeaders.contains { name == $0 || name.hasPrefix($0) } }
        let owner = names.firstIndex { ownerHeaders.contains($0) } ?? bare.firstIndex { ownerHeaders.contains($0) }
        let attendees = names.firstIndex { $0 == "attendees" || $0 == "participants" || $0 == "decision makers" }
        let status = names.firstIndex { $0 == "status" || $0 == "done" || $0 == "state" }
        let duration = names.firstIndex { durationHeaders.contains($0) }
        let metric = names.firstIndex { name in metricHeaders.contains { name.contains($0) } }
        let threshold = names.firstIndex { name in thresholdHeaders.contains { name.contains($0) } }
        let role = names.firstIndex { $0 == "role" || $0 == "approver" || $0 == "approvers" }
        // "| Go/No-Go Decision Maker | Dana Lee |": who approves gates that name nobody.
        if names.count == 2, builder.decisionMaker == nil {
            for row in rows where row.cells.count >= 2 {
                if let maker = DecisionMaker.fromField(key: row.cells[0].plainText, value: row.cells[1].plainText) { builder.decisionMaker = maker }
            }
        }

        if let time, let action {
            timedRows(rows, time: time, action: action, owner: owner, attendees: attendees, status: status, duration: duration, ctx: ctx, into: &builder)
        } else if let columns = ThresholdColumns(names, metric: metric, threshold: threshold) {
            thresholdRows(rows, columns, ctx: ctx, into: &builder)
            return
        } else if let first = names.first, checkHeaders.contains(first), ctx.consumer.isEmpty,
                  builder.roles(of: ctx.section).intersection([.contacts, .content, .healthy, .triggers, .metrics]).isEmpty {
            // Untimed, one step per check (docs/runbook-format.md, "Steps").
            timedRows(rows, time: nil, action: 0, owner: owner, attendees: attendees, status: status, duration: duration, ctx: ctx, into: &builder)
        } else if let role, ctx.consumer.contains(.gate) || builder.roles(of: ctx.section).contains(.gate) {
            let gateSection = builder.ancestor(of: ctx.section) { $0.roles.contains(.gate) } ?? ctx.section
            let gate = builder.gate(for: gateSection)
            for row in rows where role < row.cells.count {
                let name = row.cells[role].plainText.trimmingCharactersInSpace()
                if !name.isEmpty { builder.addGateRole(name, gate: gate) }
            }
        }
        if time == nil || action == nil {
            proseCells(rows, ctx: ctx, into: &builder)
        }
    }

    /// Criteria written as prose in a cell ("alerts should be sent if it is >80%"), about the
    /// thing the row's first cell names.
    static func proseCells(_ rows: [TableRow], ctx: WalkContext, into builder: inout RunbookBuilder) {
        for row in rows {
            guard let first = row.cells.first else { continue }
            let subject = SignalName.fromMetricColumn(first.plainText)
            for cell in row.cells.dropFirst() {
                for (sentence, _) in Sentences.split(TitleText.collapsed(cell.plainText)) {
                    guard let found = ProseCriteria.read(sentence, defaultSubject: subject.isEmpty ? nil : subject) else { continue }
                    for clause in found.conditions {
                        builder.addCriterion(clause, text: sentence, position: cell.position, section: ctx.section, action: found.action, activeForSeconds: nil, polarity: found.polarity)
                    }
                }
            }
        }
    }

    private static func timedRows(_ rows: [TableRow], time: Int?, action: Int, owner: Int?, attendees: Int?, status: Int?, duration: Int?, ctx: WalkContext, into builder: inout RunbookBuilder) {
        for row in rows where action < row.cells.count {
            let actionCell = row.cells[action]
            var text = TitleText.collapsed(actionCell.plainText).trimmingCharactersInSpace()
            guard !text.isEmpty else { continue }
            var window: TimeWindow?
            // "| T+1hr | 10:00 | Stability review |": a checkpoint column of T-times says when;
            // the words beside it say what.
            if let own = TimeAnchorParser.parseLeading(Substring(text)), own.wallClock == nil, own.matchedLength == text.count {
                window = TimeWindow(own)
                let other = row.cells.indices.first { ![time, action, owner, status, duration].contains($0) && !row.cells[$0].plainText.trimmingCharactersInSpace().isEmpty }
                if let other { text = TitleText.collapsed(row.cells[other].plainText).trimmingCharactersInSpace() }
            }
            if window == nil, let time, time < row.cells.count {
                let cell = row.cells[time].plainText.trimmingCharactersInSpace()
                let leading = TimeAnchorParser.parseLeading(Substring(cell))
                if let leading, leading.wallClock == nil {
                    window = TimeWindow(leading)
                } else if let dated = DatePlacement.anchor(in: cell, launchDay: builder.runbook.launchDay, launchMinute: builder.runbook.launchMinute) {
                    // "Feb 21", "21:00 UTC Friday 20th June 2025": days from the stated launch date.
                    window = TimeWindow(dated)
                } else if let leading {
                    window = TimeWindow(leading)
                } else if builder.runbook.launchDay == nil, CalendarDateParser.find(cell) != nil {
                    builder.diagnose(Diagnostic(.info, "unanchored-date", "date '\(cell)' cannot be placed: the runbook states no launch date; the step takes its section's time",
                                                hint: "state it near the top (`**Launch date:** 2026-03-10`)", at: row.cells[time].position))
                } else if !cell.isEmpty, TimeAnchorParser.looksTimeLike(cell) {
                    builder.diagnose(Diagnostic(.warning, "unparsed-time", "time '\(cell)' cannot be read", hint: "write it as H+0:20, T-30m or T+1h", at: row.cells[time].position))
                }
            }
            var ownerName: String?
            if let owner, owner < row.cells.count {
                let cell = OwnerParser.cleanName(row.cells[owner].plainText)
                if !cell.isEmpty { ownerName = cell }
            }
            var done = false
            if let status, status < row.cells.count {
                done = StatusText.meansDone(row.cells[status].plainText)
            }
            let first = row.cells.first?.position ?? actionCell.position
            let explicit = builder.explicitID(onLine: row.line)
            let rowPosition = SourcePosition(line: row.line, column: max(1, first.column - 2))
            // "| 6:30 | **CHECKPOINT 1**: Confirm proceed | All |": a decision point as well as a step.
            if GateShapes.namesDecision(text) {
                let gate = builder.addGate(title: text, position: rowPosition, section: ctx.section)
                if let window { builder.setGateWindow(window, gate: gate) }
                // The owner column may be the attendees column itself; then its names count once.
                if attendees == nil || attendees != owner {
                    for role in OwnerParser.roles(ownerName ?? "") { builder.addGateRole(role, gate: gate) }
                }
                // "| T-2 days go/no-go | … | Dana, Lee |": the meeting's attendees decide.
                if let attendees, attendees < row.cells.count {
                    for role in OwnerParser.roles(TitleText.collapsed(row.cells[attendees].plainText)) { builder.addGateRole(role, gate: gate) }
                }
            }
            let id = builder.addStep(text: text, kind: .tableRow, position: SourcePosition(line: row.line, column: max(1, first.column - 2)), section: ctx.section, parent: ctx.parentStep, owner: ownerName, window: window, done: done, explicitID: explicit)
            if let duration, duration < row.cells.count, let seconds = RunbookDurations.read(row.cells[duration].plainText) {
                builder.setStepDuration(seconds, stepID: id)
            }
            for code in InlineCode.spans(in: actionCell.inlines) where CommandDetector.isPlainlyCommand(code) {
                builder.addCommand(language: "sh", code: code, position: actionCell.position, section: ctx.section, step: id)
            }
            for (i, cell) in row.cells.enumerated() where i != action {
                for html in InlineCode.html(in: cell.inlines) {
                    for comment in HTMLComment.all(in: html) where comment.trimmingCharactersInSpace().lowercased().hasPrefix("liftoff:") {
                        let body = comment.trimmingCharactersInSpace()
                        builder.addAnnotation(.comment, text: String(body.dropFirst("liftoff:".count)).trimmingCharactersInSpace(), position: cell.position, section: ctx.section, step: id)
                    }
                }
            }
            for html in InlineCode.html(in: actionCell.inlines) {
                for comment in HTMLComment.all(in: html) where comment.trimmingCharactersInSpace().lowercased().hasPrefix("liftoff:") {
                    let body = comment.trimmingCharactersInSpace()
                    builder.addAnnotation(.comment, text: String(body.dropFirst("liftoff:".count)).trimmingCharactersInSpace(), position: actionCell.position, section: ctx.section, step: id)
                }
            }
        }
    }

    /// `| p99 latency | Grafana | p99 < 800ms |`: a threshold column is the healthy side, so the
    /// candidate fires on the opposite (`>= 800ms`). A column that says when to act ("Rollback
    /// if", "Abort when", "Alert threshold", "Critical") wins: it is read as written, with the
    /// action of its header or of the row's action cell, and the healthy columns beside it are
    /// kept as statements of health only.
    private static func thresholdRows(_ rows: [TableRow], _ columns: ThresholdColumns, ctx: WalkContext, into builder: inout RunbookBuilder) {
        let roles = builder.roles(of: ctx.section)
        // "## Escalation matrix": a heading that names an action sets it for rows that name none.
        let named = builder.ancestor(of: ctx.section) { CriterionAction.of($0.title) != nil }.flatMap { CriterionAction.of(builder.runbook.sections[$0].title) }
        let sectionAction: TriggerAction = named ?? (roles.contains(.rollback) || roles.contains(.triggers) ? .rollback : .alert)
        for row in rows where columns.metric < row.cells.count {
            let metricName = columns.metric >= 0 ? row.cells[columns.metric].plainText : ""
            let rowAction = columns.action.flatMap { $0 < row.cells.count ? CriterionAction.of(row.cells[$0].plainText) : nil }
            let subject = SignalName.fromMetricColumn(metricName)
            var bare: [(cell: TableCell, value: BareThresholds.Value, action: TriggerAction)] = []
            for (index, headerAction) in columns.firing where index < row.cells.count {
                let cell = row.cells[index]
                let clauses = ConditionClauses.parse(cell.plainText, defaultSubject: subject.isEmpty ? nil : subject)
                for clause in clauses {
                    var parsed = clause
                    if !metricName.isEmpty { parsed.signal = SignalName.resolve(subject: parsed.signal, metricColumn: metricName) }
                    builder.addCriterion(parsed, text: "\(TitleText.collapsed(metricName)): \(TitleText.collapsed(cell.plainText))", position: cell.position, section: ctx.section, action: headerAction ?? rowAction ?? sectionAction, activeForSeconds: ctx.activeForSeconds, polarity: .firing)
                }
                if clauses.isEmpty, !subject.isEmpty, let value = BareThresholds.value(cell.plainText) {
                    bare.append((cell, value, headerAction ?? rowAction ?? sectionAction))
                }
            }
            // "| CPU | 80% | 95% |": values without an operator, read when the row says which way is worse.
            let healthyValue = columns.healthy.lazy.compactMap { $0 < row.cells.count ? BareThresholds.value(row.cells[$0].plainText)?.value : nil }.first
            if !bare.isEmpty, !NonMetricSignal.contains(subject),
               let op = BareThresholds.firingOperator(firing: bare.map { ($0.value.value, $0.action) }, healthy: healthyValue, signal: subject) {
                for b in bare {
                    let parsed = ParsedTrigger(signal: SignalName.resolve(subject: subject, metricColumn: metricName), op: op, value: b.value.value, unit: b.value.unit)
                    builder.addCriterion(parsed, text: "\(TitleText.collapsed(metricName)): \(TitleText.collapsed(b.cell.plainText))", position: b.cell.position, section: ctx.section, action: b.action, activeForSeconds: ctx.activeForSeconds, polarity: .firing)
                }
            }
            for index in columns.healthy where index < row.cells.count {
                let cell = row.cells[index]
                for part in cell.plainText.split(separator: ",") {
                    let text = String(part.trimmingCharactersInSpaceSub())
                    guard let healthy = healthyThreshold(text, metric: metricName) else { continue }
                    let written = "\(TitleText.collapsed(metricName)): \(text)"
                    if columns.firing.isEmpty && !columns.scorecard {
                        builder.addTrigger(healthy, text: written, position: cell.position, section: ctx.section, action: rowAction ?? sectionAction, activeForSeconds: ctx.activeForSeconds)
                    } else {
                        var statement = healthy
                        statement.op = statement.op.negated
                        builder.addHealthy(statement, text: written, position: cell.position, section: ctx.section, kind: .criterion)
                    }
                }
            }
        }
    }

    static func healthyThreshold(_ text: String, metric: String) -> ParsedTrigger? {
        let fallback = SignalName.fromMetricColumn(metric)
        guard var parsed = TriggerSentenceParser.parse(text, defaultSubject: fallback), parsed.relative == nil,
              !NonMetricSignal.contains(parsed.signal) else { return nil }
        parsed.op = parsed.op.negated
        parsed.signal = SignalName.resolve(subject: parsed.signal, metricColumn: metric)
        return parsed
    }
}

enum StatusText {
    static func meansDone(_ text: String) -> Bool {
        let t = TitleText.normalized(text)
        return ["done", "complete", "completed", "finished", "yes", "x", "ok", "pass", "passed"].contains(t)
            || text.mayContainCanonically("✅") && text.contains("✅") || text.mayContainCanonically("☑") && text.contains("☑")
            || text.mayContainCanonically("✔") && text.contains("✔")
    }
}

/// Symbolic signal names from metric columns and threshold subjects.
enum SignalName {
    /// `Error rate (5xx)` → `error rate`.
    static func fromMetricColumn(_ metric: String) -> String {
        var depth = 0
        var out = ""
        for c in metric {
            if c == "(" { depth += 1 } else if c == ")" { depth = max(0, depth - 1) } else if depth == 0 { out.append(c) }
        }
        return TitleText.collapsed(out).lowercased()
    }

    /// A threshold's own subject (`p99` in `p99 < 800ms`) picks the matching alternative of
    /// `p50 / p99 latency`; `Mem` picks `Memory` of `CPU / Memory`.
    static func resolve(subject: String, metricColumn: String) -> String {
        let base = fromMetricColumn(metricColumn)
        let s = subject.lowercased()
        if s == base { return base }
        let alternatives = base.split(separator: "/").map { $0.trimmingCharactersInSpaceSub().lowercased() }
        guard alternatives.count > 1 else { return s }
        let lastWords = alternatives.last.map { $0.split(separator: " ").dropFirst() } ?? []
        for alt in alternatives {
            if alt.hasPrefix(s) || s.hasPrefix(alt) {
                // `p50` in `p50 / p99 latency` shares the trailing noun of the last alternative.
                if !alt.contains(" "), !lastWords.isEmpty { return ([alt] + lastWords.map(String.init)).joined(separator: " ") }
                return alt
            }
        }
        return s
    }
}

extension ComparisonOperator {
    /// The opposite condition: a healthy `< 800ms` fires on `>= 800ms`.
    public var negated: ComparisonOperator {
        switch self {
        case .greater: .lessOrEqual
        case .greaterOrEqual: .less
        case .less: .greaterOrEqual
        case .lessOrEqual: .greater
        case .equal: .notEqual
        case .notEqual: .equal
        }
    }
}

/// The columns of a threshold table: the metric, the columns that say when to act (read as
/// written) and the columns that state health (read as the healthy side).
struct ThresholdColumns {
    var metric: Int
    var firing: [(index: Int, action: TriggerAction?)]
    var healthy: [Int]
    /// A column of actions ("Auto-rollback", "Page on-call") that says what each row's firing
    /// threshold does.
    var action: Int?

    private static let firingWords = ["rollback", "roll back", "abort", "halt", "kill", "page", "critical", "crit", "alert", "warning",
                                      "warn", "trigger", "no-go", "breach", "condition", "escalat", "stop", "pause", "red"]
    private static let healthyWords = ["target", "healthy", "success", "slo", "expected", "normal", "baseline", "go", "threshold",
                                       "limit", "goal", "ok", "green", "acceptable", "pass"]
    private static let metricWords = ["metric", "signal", "indicator", "sli", "measure", "check", "kpi"]

    /// A scorecard ("| Metric | Target | Actual | Status |") reviews health; it raises nothing.
    var scorecard: Bool

    init?(_ names: [String], metric: Int?, threshold: Int?) {
        var firing: [(Int, TriggerAction?)] = []
        var healthy: [Int] = []
        var action: Int?
        var plain: [Int] = []
        let explicitMetric = metric ?? names.firstIndex { name in Self.metricWords.contains { name.containsPhrase($0) } }
        for (i, name) in names.enumerated() where i != explicitMetric {
            if name == "action" || name.hasPrefix("action ") || name == "response" || name == "what to do" || name == "decision" {
                action = i
            } else if Self.firingWords.contains(where: { name.containsPhrase($0) || name.utf8Contains($0) && $0.count > 4 }) {
                let explicit = CriterionAction.of(name)
                let level: TriggerAction? = name.containsPhrase("critical") || name.containsPhrase("crit") ? .page
                    : (name.containsPhrase("warning") || name.containsPhrase("warn") ? .alert : nil)
                firing.append((i, explicit ?? level))
            } else if Self.healthyWords.contains(where: { name.containsPhrase($0) }) {
                healthy.append(i)
            } else {
                plain.append(i)
            }
        }
        // Without a metric header the first plain column names the metric, and only when a
        // threshold column says this is a threshold table; a condition column may name its own
        // signal ("Error rate > 10%"), so it needs none.
        guard explicitMetric != nil || !firing.isEmpty || threshold != nil else { return nil }
        guard !firing.isEmpty || !healthy.isEmpty else { return nil }
        self.metric = explicitMetric ?? plain.first ?? -1
        self.firing = firing
        self.healthy = healthy
        self.action = action
        self.scorecard = names.contains { ["actual", "result", "results", "measured", "observed", "current", "achieved"].contains($0) }
    }
}
