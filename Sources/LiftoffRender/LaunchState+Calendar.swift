import Foundation
import LiftoffKit

extension LaunchState {
    /// The launch's calendar (RFC 5545): UIDs keyed on the T-0 it was created with and SEQUENCE
    /// raised by every reschedule, so a re-import moves each event instead of adding one.
    public func calendar(stamp: Date) -> String {
        ICSCalendar.make(Plan(runbook: runbook, t0: t0, timeZone: timeZone), stamp: stamp, uidT0: created.t0, sequence: reschedules.count)
    }
}
