import LiftoffKit
import LiftoffApplication
import LiftoffStore

extension CLIError {
    /// Input and permission problems exit 2; the database failing underneath exits 3 (DESIGN §11).
    static func store(_ error: StoreError) -> CLIError {
        switch error.kind {
        case .missing, .notLiftoff, .unwritable, .newerSchema, .launchNotFound, .duplicate, .credentialEnded:
            CLIError(message: error.description, code: 2)
        case .conflict, .database:
            CLIError(message: error.description, code: 3)
        }
    }

    static func service(_ failure: LaunchService.Failure) -> CLIError {
        switch failure {
        case .store(let e): store(e)
        // Criteria not yet met is a finding (exit 1), like a failed check; other refusals are input errors.
        case .refused(let r): CLIError(message: r.description, code: r.kind == .unmetCriteria ? 1 : 2)
        case .projection(let p): CLIError(message: "the launch's events cannot be read: \(p)", code: 3)
        }
    }

    static func mapping<T>(_ body: () async throws(StoreError) -> T) async throws(CLIError) -> T {
        do {
            return try await body()
        } catch {
            throw store(error)
        }
    }

    static func mapping<T>(_ body: () async throws(LaunchService.Failure) -> T) async throws(CLIError) -> T {
        do {
            return try await body()
        } catch {
            throw service(error)
        }
    }
}
