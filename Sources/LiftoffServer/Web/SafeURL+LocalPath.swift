import LiftoffRender

extension SafeURL {
    /// A `next` target after login: a same-site path (the rule of `NextPath`).
    public static func localPath(_ next: String?) -> String? {
        guard let next, NextPath.isSafe(next) else { return nil }
        return next
    }
}
