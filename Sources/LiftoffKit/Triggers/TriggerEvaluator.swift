import Foundation

/// One evaluation of one trigger, with Prometheus alerting semantics (DESIGN §6). Pure: the
/// state before, what the query returned and the evaluation time in; the state after and one
/// `trigger.changed` payload per change out. Folding those payloads (`TriggerRuleState.apply`)
/// rebuilds the same state, so a restarted watcher continues a `for` window where it was.
///
/// Per series: ok → pending when the condition holds (firing at once when `for` is 0);
/// pending → firing once it has held for `for`; any false evaluation resets pending to ok;
/// firing → ok when the condition clears, or `keep` after it cleared. No data (an empty result,
/// NaN) follows `nodata=`: pass is a false evaluation, fail a true one, hold keeps the state and
/// reports `nodata`. ±Inf are values. A query error freezes every series; more than `errors=`
/// consecutive errors is the `error` state, left at the next answer.
///
/// ```swift
/// let outcome = TriggerEvaluator.evaluate(rule, state: state.trigger(rule.id), observation: .vector(samples), now: now)
/// for change in outcome.changes { drafts.append(EventDraft(actor: "watcher", change)) }
/// ```
public enum TriggerEvaluator {
    public struct Outcome: Sendable {
        public var state: TriggerRuleState
        /// In the order they happened; empty when nothing changed.
        public var changes: [TriggerChanged]
    }

    static let keepPrefix = "condition cleared; firing kept"
    static let recoveryPrefix = "query answers again"

    static let keepResetSuffix = "again; still firing"

    /// The kind of a recorded change: its `transition`, else (logs written before it existed)
    /// the wording of its message.
    static func transition(of change: TriggerChanged) -> TriggerTransition? {
        if let transition = change.transition { return transition }
        guard let message = change.message else { return nil }
        if message.hasPrefix(keepPrefix) { return .keepStarted }
        if message.hasSuffix(keepResetSuffix) { return .keepReset }
        if message.hasPrefix(recoveryPrefix) { return .recovered }
        return nil
    }

    public static func evaluate(_ rule: TriggerRule, state: TriggerRuleState, observation: TriggerObservation, now rawNow: Date) -> Outcome {
        // Event times keep milliseconds; so does the state, so live and folded states agree.
        let now = CanonicalTime.rounded(rawNow)
        var next = state
        next.lastEvaluatedAt = now
        var changes: [TriggerChanged] = []

        let samples: [(key: String, value: Double)]
        switch observation {
        case .error(let message):
            next.consecutiveErrors += 1
            next.lastError = message
            if next.consecutiveErrors > rule.maxErrors, next.errorSince == nil {
                next.errorSince = now
                next.lastChangedAt = now
                changes.append(TriggerChanged(trigger: rule.id, state: .error, previous: state.status, value: nil, series: nil, observedAt: now,
                                              message: "query failed \(next.consecutiveErrors) times in a row: \(message)",
                                              consecutiveErrors: next.consecutiveErrors))
            }
            return Outcome(state: next, changes: changes)
        case .scalar(let value):
            samples = [("", value)]
        case .vector(let list):
            var seen: Set<String> = []
            samples = list.compactMap { sample in
                let key = TriggerObservation.seriesKey(sample.labels) ?? ""
                return seen.insert(key).inserted ? (key, sample.value) : nil
            }
        }

        let recovering = next.errorSince != nil
        next.consecutiveErrors = 0
        next.errorSince = nil
        next.lastError = nil

        func emit(_ key: String, _ status: TriggerStatus, _ previous: TriggerStatus, _ value: Double?, _ message: String,
                  _ transition: TriggerTransition? = nil) {
            next.lastChangedAt = now
            changes.append(TriggerChanged(trigger: rule.id, state: status, previous: previous, value: value, series: key.isEmpty ? nil : key, observedAt: now,
                                          message: message, transition: transition))
        }

        /// One evaluation of one series: the condition held or not (`value` nil for no data).
        func step(_ key: String, holds: Bool, value: Double?, why: String?) {
            var s = next.series[key] ?? TriggerSeriesState()
            let before = s.reported
            s.noData = false
            if let value { s.value = value }
            let observed = value.map { "\(rule.signalLabel) \(rule.valueText($0))" } ?? "\(rule.signalLabel): \(why ?? "no data")"
            var message = observed
            switch (s.status, holds) {
            case (.ok, true), (.nodata, true), (.error, true):
                if rule.forSeconds == 0 {
                    s.status = .firing
                    message = "\(observed) \(rule.op.rawValue) \(rule.thresholdText)"
                } else {
                    s.status = .pending
                    message = "\(observed) \(rule.op.rawValue) \(rule.thresholdText); fires if it holds for \(TriggerRule.durationText(rule.forSeconds))"
                }
                s.since = now
                s.clearedAt = nil
            case (.pending, true):
                if let since = s.since, now.timeIntervalSince(since) >= Double(rule.forSeconds) {
                    s.status = .firing
                    s.since = now
                    message = "\(observed) \(rule.op.rawValue) \(rule.thresholdText) for \(TriggerRule.durationText(rule.forSeconds))"
                }
            case (.pending, false):
                s.status = .ok
                s.since = now
                message = "\(observed): back within \(rule.thresholdText) before \(TriggerRule.durationText(rule.forSeconds)) passed"
            case (.firing, true):
                if s.clearedAt != nil {
                    s.clearedAt = nil
                    next.series[key] = s
                    emit(key, .firing, before, value, "\(observed) \(rule.op.rawValue) \(rule.thresholdText) \(keepResetSuffix)", .keepReset)
                    return
                }
            case (.firing, false):
                if rule.keepSeconds > 0, s.clearedAt == nil {
                    s.clearedAt = now
                    next.series[key] = s
                    emit(key, .firing, before, value, "\(keepPrefix) for \(TriggerRule.durationText(rule.keepSeconds)) (\(observed))", .keepStarted)
                    return
                }
                if let cleared = s.clearedAt, now.timeIntervalSince(cleared) < Double(rule.keepSeconds) {
                    break
                }
                s.status = .ok
                s.since = now
                s.clearedAt = nil
                message = "\(observed): resolved"
            case (.ok, false), (.nodata, false), (.error, false):
                s.status = .ok
            }
            next.series[key] = s
            if s.reported != before {
                emit(key, s.reported, before, value, message)
            }
        }

        func noData(_ key: String, why: String) {
            switch rule.nodata {
            case .pass:
                step(key, holds: false, value: nil, why: "\(why) (nodata=pass)")
            case .fail:
                step(key, holds: true, value: nil, why: "\(why) (nodata=fail)")
            case .hold:
                var s = next.series[key] ?? TriggerSeriesState()
                guard !s.noData else { return }
                let before = s.reported
                s.noData = true
                next.series[key] = s
                emit(key, .nodata, before, nil, "\(rule.signalLabel): \(why); state held")
            }
        }

        if samples.isEmpty {
            let keys = next.series.isEmpty ? [""] : next.series.keys.sorted()
            for key in keys { noData(key, why: "no data") }
        } else {
            for (key, value) in samples {
                if value.isNaN {
                    noData(key, why: "NaN")
                } else {
                    step(key, holds: rule.holds(value), value: value, why: nil)
                }
            }
            // A series that left the result is resolved, as in Prometheus.
            let present = Set(samples.map(\.key))
            for key in next.series.keys.sorted() where !present.contains(key) {
                step(key, holds: false, value: nil, why: "series gone")
            }
        }

        if recovering {
            next.lastChangedAt = now
            changes.insert(TriggerChanged(trigger: rule.id, state: next.status, previous: .error, value: next.value, series: nil, observedAt: now,
                                          message: "\(recoveryPrefix) after \(state.consecutiveErrors) errors", transition: .recovered), at: 0)
        }
        return Outcome(state: next, changes: changes)
    }
}
