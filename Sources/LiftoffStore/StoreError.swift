/// What a store could not do, with a hint for the person reading it.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// Another writer appended first; `current` is the launch's last seq now.
        case conflict(current: Int)
        /// No database there (and it was not to be created).
        case missing
        /// The file is not a Liftoff database (another program's SQLite file, or not SQLite at all).
        case notLiftoff
        /// The path cannot be created or written.
        case unwritable
        /// The database was written by a newer Liftoff.
        case newerSchema
        case launchNotFound
        case duplicate
        /// The credential a write was decided on was revoked, rotated, logged out or expired since.
        case credentialEnded
        /// Anything else the database reported.
        case database
    }

    public var kind: Kind
    public var message: String
    public var hint: String?

    public init(_ kind: Kind, _ message: String, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    public var description: String { message + (hint.map { "\nhint: \($0)" } ?? "") }

    public var isConflict: Bool {
        if case .conflict = kind { return true }
        return false
    }
}
