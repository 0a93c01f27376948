import Foundation
import LiftoffKit

extension LaunchService {
    /// Creates the launch (its `launch.created` event, seq 1) as `actor`, and checks that the
    /// stored events fold into a launch state.
    public func create(_ launch: NewLaunch, by actor: String) async throws(Failure) -> (event: LaunchEvent, state: LaunchState) {
        let event: LaunchEvent
        do {
            event = try await store.createLaunch(name: launch.name, created: EventDraft(actor: actor, launch.created))
        } catch {
            throw .store(error)
        }
        do {
            return (event, try LaunchState.fold([event]))
        } catch {
            throw .projection(error)
        }
    }
}
