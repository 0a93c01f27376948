/// Gives meaning to an outline from a plain code block (see `OutlineReader`): time-anchored keys
/// become phases, role keys own the items under them, `tasks:`/`actions:` lists and `[ ]` items
/// become steps, `Required approvals from:` feeds a gate, trigger sentences and two-level
/// thresholds become trigger candidates, `command: |` becomes a command, RACI blocks are read.
struct OutlineInterpreter {
    var builder: RunbookBuilder
    /// What the lead-in before the block said the block is (e.g. triggers).
    let consumer: SectionRoles

    init(builder: RunbookBuilder, consumer: SectionRoles) {
        self.builder = builder
        self.consumer = consumer
    }

    private struct Context {
        var section: Int
        var parentStep: String?
        var owner: String?
        /// The items here are work (under a timed key, a role, `tasks:`), not content.
        var itemsAreSteps: Bool
        var consumer: SectionRoles
        var triggerAction: TriggerAction = .rollback
        /// The key a threshold belongs to (`Latency` for `warning: P95 > 200ms`).
        var subject: String?
    }

    private static let stepListKeys: Set<String> = ["tasks", "actions", "steps", "checklist", "todo", "to do", "action items"]
    private static let contentKeys: Set<String> = [
        "deliverables", "frequency", "verification", "kpis", "metrics", "criteria", "patterns", "templates",
        "requirements", "agenda", "primary_tools", "access_requirements", "tools", "tool", "baseline", "duration",
        "format", "recording", "template", "channels", "additional_fields", "triggers", "response_time", "authorized",
        "action_required", "updates should include", "tone guidelines", "sign_off", "notes",
    ]

    mutating func interpret(_ nodes: [OutlineNode], section: Int, parentStep: String?) {
        let roles = builder.roles(of: section)
        let ctx = Context(
            section: section, parentStep: parentStep, owner: nil,
            // A timed section's outline lists its work, unless the section is a template to fill in.
            itemsAreSteps: (builder.isTimed(section) && !HeadingTime.namesTemplate(builder.runbook.sections[section].title)) || roles.contains(.procedure) || parentStep != nil,
            consumer: consumer.isEmpty && roles.contains(.triggers) ? [.triggers] : consumer
        )
        if isRACI(nodes) {
            readRACI(nodes, path: [])
            return
        }
        // A contacts section may still hold a schedule of timed messages (`T-48h: Email …`).
        if roles.contains(.contacts), !Self.isSchedule(nodes) { return }
        walk(nodes, ctx)
    }

    /// Every line a `T-…:` key with a value: a schedule, whatever the section is about.
    static func isSchedule(_ nodes: [OutlineNode]) -> Bool {
        nodes.count >= 2 && nodes.allSatisfy { node in
            guard let key = node.key, !(node.value ?? "").isEmpty, let a = TimeAnchorParser.parseLeading(Substring(key)) else { return false }
            return HeadingTime.isPrefixed(a.text)
        }
    }

    private mutating func walk(_ nodes: [OutlineNode], _ ctx: Context) {
        var ctx = ctx
        // `owner:` applies to its siblings wherever it is written.
        if let ownerNode = nodes.first(where: { $0.key?.lowercased() == "owner" && !($0.value ?? "").isEmpty }), let value = ownerNode.value {
            ctx.owner = OwnerParser.cleanName(value)
        }
        for node in nodes {
            visit(node, ctx)
        }
    }

    private mutating func visit(_ node: OutlineNode, _ ctx: Context) {
        let key = node.key.map { TitleText.trimmedLabel($0) }
        let lowerKey = key.map { TitleText.normalized($0) } ?? ""

        // Consumed lists: approvers, trigger sentences.
        if ctx.consumer.contains(.gate) {
            if let gate = currentGate(ctx), node.task == nil {
                for role in OwnerParser.roles(cleanItem(node.text)) { builder.addGateRole(role, gate: gate) }
            }
            return
        }
        if ctx.consumer.contains(.triggers), node.isItem || node.key == nil {
            if let parsed = TriggerSentenceParser.parse(node.text) {
                builder.addTrigger(parsed, text: node.text, position: node.position, section: ctx.section, action: ctx.triggerAction, activeForSeconds: nil)
            }
            return
        }

        if let key {
            let value = node.value ?? ""
            // `L-14d (2 weeks before):`, `T-0 (Launch Start):` → a phase under the current section.
            if node.isContainer, let anchor = TimeAnchorParser.parseLeading(Substring(key)) {
                let parentLevel = builder.runbook.sections[ctx.section].level
                let index = builder.addSection(title: key, level: parentLevel + 1, position: node.position, endLine: lastLine(node), parent: ctx.section, anchor: anchor)
                var inner = ctx
                inner.section = index
                inner.itemsAreSteps = true
                walk(node.children, inner)
                return
            }
            // `T-48h: Email announcement` in a schedule: a step due then.
            if !node.isContainer, !value.isEmpty, let anchor = TimeAnchorParser.parseLeading(Substring(key)),
               anchor.wallClock == nil, HeadingTime.isPrefixed(anchor.text), anchor.matchedLength >= key.count {
                let text = cleanItem(value)
                _ = builder.addStep(text: text.isEmpty ? value : text, kind: .outline, position: node.position, section: ctx.section, parent: ctx.parentStep, owner: ctx.owner,
                                    window: TimeWindow(anchor), done: false, explicitID: builder.explicitID(onLine: node.position.line))
                return
            }
            if !node.isContainer {
                keyValue(key: key, lowerKey: lowerKey, value: value, node: node, ctx)
                return
            }
            if let literal = node.literal, lowerKey == "command" || lowerKey == "script" || lowerKey == "run" {
                builder.addCommand(language: "sh", code: literal + "\n", position: node.position, section: ctx.section, step: ctx.parentStep)
                return
            }
            containerKey(key: key, lowerKey: lowerKey, node: node, ctx)
            return
        }

        // A plain item or `[ ]` task.
        let text = cleanItem(node.text)
        guard !text.isEmpty else { return }
        if node.task != nil || (node.isItem && ctx.itemsAreSteps) {
            let kind: StepKind = node.task != nil ? .task : .outline
            let explicit = builder.explicitID(onLine: node.position.line)
            let id = builder.addStep(text: text, kind: kind, position: node.position, section: ctx.section, parent: ctx.parentStep, owner: ctx.owner, window: nil, done: node.task == .done, explicitID: explicit)
            var inner = ctx
            inner.parentStep = id
            walk(node.children, inner)
        }
    }

    private mutating func keyValue(key: String, lowerKey: String, value: String, node: OutlineNode, _ ctx: Context) {
        switch lowerKey {
        case "timing", "when", "due", "time", "scheduled":
            if let anchor = TimeAnchorParser.findAnywhere(value)?.anchor {
                let window = TimeWindow(anchor)
                if let gateSection = builder.ancestor(of: ctx.section, where: { $0.roles.contains(.gate) }) {
                    let gate = builder.gate(for: gateSection)
                    builder.setGateWindow(window, gate: gate)
                }
                builder.setWindowIfUnset(window, of: ctx.section)
            }
        case "warning", "warn", "critical", "crit", "error", "page":
            guard let subject = ctx.subject else { return }
            let sentence = value.contains(where: { "<>≥≤".contains($0) }) ? value : "> \(value)"
            if var parsed = TriggerSentenceParser.parse(sentence, defaultSubject: subject) {
                parsed.signal = OutlineInterpreter.qualified(parsed.signal, by: subject)
                let action: TriggerAction = lowerKey.hasPrefix("warn") ? .alert : (builder.roles(of: ctx.section).contains(.rollback) ? .rollback : .page)
                builder.addTrigger(parsed, text: "\(key): \(value)", position: node.position, section: ctx.section, action: action, activeForSeconds: nil)
            }
        default:
            break
        }
    }

    private mutating func containerKey(key: String, lowerKey: String, node: OutlineNode, _ ctx: Context) {
        var inner = ctx
        let label = SectionClassifier.consumingLabel(key)

        if label.contains(.gate) {
            inner.consumer = [.gate]
            if currentGate(ctx) == nil { _ = builder.gate(for: ctx.section) }
            walk(node.children, inner)
            return
        }
        if label.contains(.triggers) || lowerKey.contains("rollback trigger") {
            inner.consumer = [.triggers]
            inner.triggerAction = lowerKey.contains("alert") ? .alert : .rollback
            walk(node.children, inner)
            return
        }
        if lowerKey == "threshold" || lowerKey == "thresholds" {
            inner.consumer = []
            walk(node.children, inner)
            return
        }
        if Self.stepListKeys.contains(lowerKey) {
            inner.itemsAreSteps = true
            walk(node.children, inner)
            return
        }
        if Self.contentKeys.contains(lowerKey) || lowerKey.hasSuffix("_requirements") || lowerKey.hasSuffix("_tools") {
            // Items here describe; they are not work. Thresholds inside still count.
            inner.itemsAreSteps = false
            inner.subject = ctx.subject
            walkContent(node.children, inner)
            return
        }
        // A role key owns the items below it (`Program Manager:` → `- Open war room`).
        if OwnerParser.looksLikeRole(key) {
            inner.owner = key
            if ctx.itemsAreSteps || builder.isTimed(ctx.section) { inner.itemsAreSteps = true }
            walk(node.children, inner)
            return
        }
        // `Step 1 - Feature Disable:` with `owner:`/`actions:`/`command:` → one step with sub-steps.
        let childKeys = Set(node.children.compactMap { $0.key.map { TitleText.normalized($0) } })
        if !childKeys.isDisjoint(with: ["owner", "actions", "command"]), ctx.itemsAreSteps || childKeys.contains("command") {
            let ownerValue = node.children.first { $0.key?.lowercased() == "owner" }?.value.map(OwnerParser.cleanName)
            let title = OutlineInterpreter.stepTitle(key)
            let explicit = builder.explicitID(onLine: node.position.line)
            let id = builder.addStep(text: title, kind: .outline, position: node.position, section: ctx.section, parent: ctx.parentStep, owner: ownerValue ?? ctx.owner, window: nil, done: false, explicitID: explicit)
            inner.parentStep = id
            inner.owner = ownerValue ?? ctx.owner
            walk(node.children, inner)
            return
        }
        // Anything else groups its children; it may be a threshold subject (`Latency:`).
        inner.subject = key
        walk(node.children, inner)
    }

    /// Inside content lists, only thresholds such as `CPU Usage (warn: 70%, crit: 85%)` matter.
    private mutating func walkContent(_ nodes: [OutlineNode], _ ctx: Context) {
        for node in nodes {
            let text = node.text
            if let open = text.firstIndex(of: "("), text.lowercased().contains("warn"), text.hasSuffix(")") {
                let subject = TitleText.collapsed(String(text[..<open])).lowercased()
                let inside = text[text.index(after: open)..<text.index(before: text.endIndex)]
                for part in inside.split(separator: ",") {
                    guard let colon = part.firstIndex(of: ":") else { continue }
                    let level = part[..<colon].trimmingCharactersInSpaceSub().lowercased()
                    let value = part[part.index(after: colon)...].trimmingCharactersInSpaceSub()
                    guard let parsed = TriggerSentenceParser.parse("\(subject) > \(value)") else { continue }
                    let action: TriggerAction = level.hasPrefix("warn") ? .alert : .page
                    builder.addTrigger(parsed, text: String(text), position: node.position, section: ctx.section, action: action, activeForSeconds: nil)
                }
            } else if let key = node.key, !node.isContainer {
                // Thresholds (`warning: P95 > 200ms`) count here.
                keyValue(key: TitleText.trimmedLabel(key), lowerKey: TitleText.normalized(key), value: node.value ?? "", node: node, ctx)
            } else if let key = node.key, !SectionClassifier.consumingLabel(key).intersection([.gate, .triggers]).isEmpty {
                // An agenda may still hold the approvers: "6. Go/No-Go Decision: Required approvals from: …".
                visit(node, ctx)
                continue
            }
            if !node.children.isEmpty { walkContent(node.children, ctx) }
        }
    }

    private mutating func currentGate(_ ctx: Context) -> Int? {
        guard let section = builder.ancestor(of: ctx.section, where: { $0.roles.contains(.gate) }) else {
            return builder.runbook.gates.firstIndex { $0.section == ctx.section }
        }
        return builder.gate(for: section)
    }

    /// `Program Manager (facilitator)` → `Program Manager`.
    private func cleanItem(_ text: String) -> String {
        var t = text.trimmingCharactersInSpace()
        if t.hasSuffix(")"), let open = t.lastIndex(of: "("), open > t.startIndex {
            t = String(t[..<open]).trimmingCharactersInSpace()
        }
        return t
    }

    private func lastLine(_ node: OutlineNode) -> Int {
        node.children.last.map(lastLine) ?? node.position.line
    }

    /// `Step 1 - Feature Disable` → `Feature Disable`.
    static func stepTitle(_ key: String) -> String {
        let lower = key.lowercased()
        guard lower.hasPrefix("step ") else { return key }
        let rest = key.dropFirst(5).drop { $0.quickIsNumber }.trimmingCharactersInSpaceSub()
        let cleaned = rest.drop { $0 == "-" || $0 == ":" || $0 == "–" || $0 == "." }.trimmingCharactersInSpaceSub()
        return cleaned.isEmpty ? key : String(cleaned)
    }

    /// `p95` under `Latency` → `p95 latency`; a bare threshold under `Error Rates` → `error rate`.
    static func qualified(_ signal: String, by subject: String) -> String {
        var key = TitleText.collapsed(subject).lowercased()
        if key.hasSuffix("s"), !key.hasSuffix("ss") { key.removeLast() }
        let s = signal.lowercased()
        if s == subject.lowercased() { return key }
        if s.split(separator: " ").count == 1, s.first == "p", s.dropFirst().allSatisfy(\.quickIsNumber) { return "\(s) \(key)" }
        return s
    }

    // MARK: RACI

    private func isRACI(_ nodes: [OutlineNode]) -> Bool {
        var leaves = 0
        var raci = 0
        func count(_ n: OutlineNode) {
            if n.children.isEmpty, n.key != nil, let v = n.value, !v.isEmpty {
                leaves += 1
                if v.uppercased().allSatisfy({ "RACI/, ".contains($0) }) { raci += 1 }
            }
            n.children.forEach(count)
        }
        nodes.forEach(count)
        return leaves >= 4 && raci * 10 >= leaves * 9
    }

    private mutating func readRACI(_ nodes: [OutlineNode], path: [String]) {
        for node in nodes {
            guard let key = node.key else { continue }
            let leaves = node.children.filter { $0.children.isEmpty && !($0.value ?? "").isEmpty }
            if !leaves.isEmpty, leaves.count == node.children.count {
                var assignments: [String: String] = [:]
                for leaf in leaves { if let k = leaf.key, let v = leaf.value { assignments[k] = v } }
                builder.addRACI(RACIEntry(activity: TitleText.trimmedLabel(key), assignments: assignments, position: node.position))
            } else {
                readRACI(node.children, path: path + [key])
            }
        }
    }
}

extension OwnerParser {
    /// `Program Manager`, `Engineering Lead`, `All Teams`, `Database Admin`: a key that names who.
    static func looksLikeRole(_ key: String) -> Bool {
        let words = TitleText.normalized(key).split(separator: " ").map(String.init)
        guard !words.isEmpty, words.count <= 4 else { return false }
        let roleWords: Set<String> = ["lead", "manager", "owner", "engineer", "admin", "team", "teams", "sre", "dba", "director", "coordinator", "commander", "officer", "analyst", "developer", "architect", "head", "on-call", "oncall", "qa", "support", "engineering", "product", "operations"]
        return words.contains(where: roleWords.contains)
    }
}
