import Foundation

/// The rules that land a launch: who may confirm a criterion, when `launch complete` records
/// a success, what an override needs, what a retrospective item needs. Pure; called by
/// `LaunchDecider` (docs/launches.md, "Landing the launch").
public enum LandingRules {
    static func confirmation(_ state: LaunchState, criterion id: String, note: String, by me: LaunchParticipant) throws(Refusal) -> CriterionConfirmed {
        guard let check = state.successCheck(id) else {
            let known = state.successChecks.prefix(8).map(\.id).joined(separator: ", ")
            throw Refusal(.notFound, "no success criterion '\(id)' in launch \(state.launch)",
                          hint: known.isEmpty ? "the runbook states no success criteria" : "criteria: \(known)")
        }
        if case .metric = check.method {
            throw Refusal(.invalid, "criterion '\(check.text)' is measured: it is verified once \(check.conditionText) holds",
                          hint: "an admin can complete without it: liftoff launch complete \(state.launch) --override --reason \"…\"")
        }
        let progress = state.criterion(id)
        if progress.isMet {
            throw Refusal(.alreadyInState, "criterion '\(check.text)' is already confirmed" + (progress.confirmedBy.map { " by \($0)" } ?? ""))
        }
        if let owner = check.owner, !me.admin {
            let roles = OwnerParser.roles(owner)
            guard roles.isEmpty || roles.contains(where: me.holds) || me.holds(owner) || RoleName.same(me.name, owner) else {
                let held = me.roles.isEmpty ? "no roles" : me.roles.joined(separator: ", ")
                throw Refusal(.forbidden, "criterion '\(check.text)' is confirmed by its owner, \(owner); \(me.name) holds \(held)",
                              hint: "ask \(owner) or an admin to confirm it")
            }
        }
        guard let note = LaunchDecider.nonEmpty(note) else {
            throw Refusal(.invalid, "a confirmation needs a note: the evidence",
                          hint: "liftoff criterion confirm \(state.launch) \(id) --note \"support tickets at 40/h, the usual\"")
        }
        return CriterionConfirmed(criterion: id, note: note)
    }

    static func completion(_ state: LaunchState, note: String?, override: String?, by me: LaunchParticipant, now: Date) throws(Refusal) -> LaunchEnded {
        guard !me.isViewer else {
            throw Refusal(.forbidden, "\(me.name) is a viewer in launch \(state.launch) and cannot complete it")
        }
        let unmet = state.unmetCriteria
        // A rollback asked for, or a criterion not met: only an admin's override calls it a success.
        guard !unmet.isEmpty || state.rollback != nil else { return LaunchEnded(outcome: .success, note: note) }
        guard let override else {
            if let rollback = state.rollback {
                throw Refusal(.alreadyInState, "a rollback was requested in launch \(state.launch) (\(rollback.request.reason)); it is not a success as it stands",
                              hint: "liftoff launch end \(state.launch) --outcome rolled-back, or an admin: liftoff launch complete \(state.launch) --override --reason \"…\"")
            }
            let list = unmet.map { "  - \(missingLine($0, state.criterion($0.id), now: now))" }.joined(separator: "\n")
            throw Refusal(.unmetCriteria, "launch \(state.launch) cannot complete: \(unmet.count) of \(state.successChecks.count) success criteria are not verified or confirmed:\n\(list)",
                          hint: "confirm judged criteria (liftoff criterion confirm \(state.launch) ID --note \"…\"), wait for measured ones, or an admin completes anyway: liftoff launch complete \(state.launch) --override --reason \"…\"")
        }
        guard me.admin else {
            throw Refusal(.forbidden, "only an admin can complete launch \(state.launch) by override; \(me.name) is not an admin")
        }
        guard let reason = LaunchDecider.nonEmpty(override) else {
            throw Refusal(.invalid, "an override needs a reason", hint: "liftoff launch complete \(state.launch) --override --reason \"…\"")
        }
        return LaunchEnded(outcome: .success, note: note, override: reason, unmet: unmet.map(\.id))
    }

    /// `Error rates < 0.1% for 24 hours [technical-success/…]: verifying, 3h20m left`.
    static func missingLine(_ check: SuccessCheck, _ progress: CriterionProgress, now: Date) -> String {
        var what = progress.status.rawValue
        switch check.method {
        case .metric:
            if let left = progress.remaining(of: check, now: now) { what += ", \(TriggerRule.durationText(left)) left" }
            if progress.status == .broken { what += " (breached" + (progress.brokenValue.map { " at \(check.valueText($0))" } ?? "") + ")" }
            if progress.status == .waiting { what += " (no holding reading yet)" }
        case .confirmation:
            what = "to be confirmed by \(check.owner ?? "a participant")"
        }
        return "\(check.text) [\(check.id)]: \(what)"
    }

    static func retroItem(_ state: LaunchState, _ item: RetroAdded) throws(Refusal) -> RetroAdded {
        guard let text = LaunchDecider.nonEmpty(item.text) else { throw Refusal(.invalid, "a retrospective item needs text") }
        var out = RetroAdded(kind: item.kind, text: text, owner: item.owner.flatMap(LaunchDecider.nonEmpty), due: item.due.flatMap(LaunchDecider.nonEmpty))
        if item.kind == .action {
            guard out.owner != nil, let due = out.due else {
                throw Refusal(.invalid, "an action item needs an owner and a due date",
                              hint: "liftoff retro add \(state.launch) --action \"\(text)\" --owner \"SRE Lead\" --due 2026-12-15")
            }
            guard CalendarDay.isValid(due) else {
                throw Refusal(.invalid, "due date '\(due)' is not a calendar date", hint: "write it as YYYY-MM-DD, e.g. 2026-12-15")
            }
        } else {
            out.owner = nil
            out.due = nil
        }
        return out
    }
}

/// `YYYY-MM-DD` with a month and day that exist.
enum CalendarDay {
    static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month), day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }
}

extension LaunchCommand {
    /// Commands that stay open after the launch ended.
    var isRetrospective: Bool {
        if case .addRetro = self { return true }
        // Customers hear that the window completed or the incident resolved after the launch ended.
        if case .publish = self { return true }
        return false
    }
}
