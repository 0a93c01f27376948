/// Runs `operation` with a time limit. When the limit passes, the operation is cancelled (every
/// probe turns cancellation into closing its socket or killing its process group) and the
/// caller gets `ProbeError.timedOut`, so one dead target never holds up the others.
func withDeadline<T: Sendable>(seconds: Double, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw ProbeError.timedOut(seconds)
        }
        return value
    }
}
