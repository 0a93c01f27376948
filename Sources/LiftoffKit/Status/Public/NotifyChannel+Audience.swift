import LiftoffMarkdown
import Yams

extension NotifyChannel {
    /// Reads a channel's `audience:`; a value other than internal or public is an error at its place.
    static func audience(_ node: Node?, channel: String, file: String) throws(InputError) -> ChannelAudience? {
        guard let node else { return nil }
        let text = node.string ?? ""
        guard let audience = ChannelAudience(rawValue: text.lowercased()) else {
            throw InputError(file: file, position: SourcePosition(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1),
                             message: "channel '\(channel)' has audience '\(text)'; it must be internal or public",
                             hint: "audience: internal gets every update; audience: public only what is published for customers")
        }
        return audience
    }

    /// Channels of a `notify:` mapping that do not say their audience, each at its place: `lint
    /// --vars` reports them, because who reads a channel decides what it may be sent.
    static func unsaidAudiences(_ node: Node, file: String) -> [InputError] {
        guard let mapping = node.mapping else { return [] }
        return mapping.compactMap { key, value in
            guard let name = key.string, value.mapping?["audience"] == nil else { return nil }
            let url = value.string ?? value.mapping?["url"]?.string ?? "…"
            return InputError(file: file, position: SourcePosition(line: key.mark?.line ?? 1, column: key.mark?.column ?? 1),
                              message: "channel '\(name)' does not say its audience (internal or public)",
                              hint: "\(name):\n      url: \(url)\n      audience: internal   # the team; public: customers, only published notices")
        }
    }
}

extension LaunchState {
    /// Channels that get internal updates: milestones and people's posts.
    public var internalChannels: [String] { channels.filter { !$0.isPublic }.map(\.name) }
    /// Channels that get only published notices.
    public var publicChannels: [String] { channels.filter(\.isPublic).map(\.name) }
}
