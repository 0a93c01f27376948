/// What `liftoff --version` says besides the version: the commit a release binary was built from.
/// scripts/release.sh rewrites this file for its build and restores it afterwards; a build from
/// a checkout says so instead.
enum ReleaseStamp {
    static let commit: String? = nil

    static var description: String {
        commit.map { "commit \($0)" } ?? "built from a source checkout"
    }
}
