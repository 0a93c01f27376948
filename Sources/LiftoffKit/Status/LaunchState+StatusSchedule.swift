import Foundation

extension LaunchState {
    /// The launch's status cadence (`status every:` in the vars file) anchored at T-0; nil when
    /// there is none or it cannot be read (`statusCadenceError` says why).
    public var statusSchedule: StatusSchedule? {
        guard let text = created.statusCadence, let cadence = try? StatusCadence.parse(text) else { return nil }
        return StatusSchedule(cadence: cadence, anchor: t0)
    }

    public var statusCadenceError: StatusCadence.ParseError? {
        guard let text = created.statusCadence else { return nil }
        do {
            _ = try StatusCadence.parse(text)
            return nil
        } catch {
            return error
        }
    }
}
