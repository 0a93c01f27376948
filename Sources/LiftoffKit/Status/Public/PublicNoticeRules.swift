import Foundation

/// Whether a notice may be published now, and the `status.posted` it becomes: to the launch's
/// public channels, its colour from the notice. The rules keep the public story coherent: the
/// maintenance ends once, an incident is numbered when it opens and takes no update once resolved,
/// and only the page's components are named.
public enum PublicNoticeRules {
    public static func posted(_ notice: PublicNotice, message: String, impactGiven: Bool = true, state: LaunchState) throws(Refusal) -> StatusPosted {
        let message = message.trimmingCharacters(in: .whitespacesAndNewlines)
        let example = "liftoff status publish \(state.launch) in_progress \"Maintenance has begun\""
        guard !message.isEmpty else { throw Refusal(.invalid, "a published update needs a message for customers", hint: example) }
        var notice = notice
        notice.title = notice.title.trimmingCharacters(in: .whitespacesAndNewlines)
        let page = PublicStatus(state: state, now: state.ended?.at ?? state.createdAt)
        let known = Set(page.components.map(\.name))
        if let unknown = notice.components.keys.sorted().first(where: { !known.contains($0) }) {
            throw Refusal(.invalid, "'\(unknown)' is not a component of this status page",
                          hint: "components: \(page.components.map(\.name).joined(separator: ", ")) (STATUS_COMPONENTS in the vars file)")
        }
        switch notice.kind {
        case .maintenance:
            guard notice.incident == nil else { throw Refusal(.invalid, "a maintenance update belongs to no incident") }
            if page.maintenance.phase.isFinal {
                throw Refusal(.alreadyInState, "the maintenance is already completed", hint: "publish an incident if something is wrong after it")
            }
            if notice.title.isEmpty { notice.title = page.maintenance.title }
        case .incident:
            if let number = notice.incident {
                guard let incident = page.incidents.first(where: { $0.number == number }) else {
                    throw Refusal(.notFound, "there is no incident \(number) on this status page",
                                  hint: "leave the incident out to open a new one")
                }
                if incident.phase.isFinal { throw Refusal(.alreadyInState, "incident \(number) is already resolved", hint: "open a new incident") }
                if notice.title.isEmpty { notice.title = incident.title }
                if !impactGiven { notice.impact = incident.impact }
            } else {
                guard !notice.phase.isFinal else {
                    throw Refusal(.invalid, "a new incident cannot start resolved", hint: "publish investigating, identified or monitoring first")
                }
                guard !notice.title.isEmpty else { throw Refusal(.invalid, "a new incident needs a title customers understand", hint: "e.g. \"Elevated error rates\"") }
                notice.incident = (page.incidents.map(\.number).max() ?? 0) + 1
            }
        }
        return StatusPosted(status: notice.level, message: message, milestone: nil, channels: state.publicChannels, notice: notice)
    }
}
