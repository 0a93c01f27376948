import Logging
import ServiceLifecycle
import UnixSignals

/// Reads the server's certificate and key again on each SIGHUP (after a renewal), so new
/// connections get the new certificate without a restart; a failed reload is logged and the
/// certificate in use stays (docs/operations.md, "TLS").
struct CertificateReloader: Service {
    let certificate: ServerCertificate
    let logger: Logger

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        for await _ in hangups.cancelOnGracefulShutdown() {
            do {
                let summary = try certificate.reload()
                logger.notice("TLS certificate reloaded", metadata: ["certificate": "\(summary)"])
            } catch {
                logger.error("TLS certificate reload failed; still serving the previous one",
                             metadata: ["error": "\(error.message)", "hint": "\(error.hint)"])
            }
        }
    }
}
