import Foundation
import Hummingbird
import LiftoffKit
import LiftoffStore

/// `POST /api/v1/launches`: admins create launches from an uploaded runbook (`runbookSource`) or,
/// as files on the server are the server's business, from `runbookPath` relative to the server's
/// working directory. The same checks as `liftoff launch create` (`NewLaunch`).
enum LaunchCreation {
    static func create(_ request: Request, _ context: ServerContext, _ services: ServerServices) async throws -> Response {
        let user = try APIAccess.creator(context)
        let body = try await StrictJSON.decode(CreateLaunchBody.self, from: request, limit: RequestBodyLimit.runbookUpload)
        let (file, source) = try runbook(body, services)
        var variables: LaunchVariables?
        if let vars = body.vars, !vars.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            do {
                variables = try LaunchVariables.parse(vars, file: "vars")
            } catch {
                throw APIError(.unprocessableContent, "invalid", "vars: \(error.description)")
            }
        }
        let launch: NewLaunch
        do {
            launch = try NewLaunch(name: body.name, runbookFile: file, runbookSource: source, at: body.at,
                                   timeZone: body.tz ?? "UTC", mode: body.mode ?? .rehearsal, variables: variables)
        } catch {
            throw APIError.refusal(error)
        }
        let created: (event: LaunchEvent, state: LaunchState)
        do {
            created = try await services.launches.create(launch, by: user.name)
        } catch {
            throw APIError.service(error)
        }
        services.metrics.appended(1)
        let state = created.state
        let result: JSONValue = .object([
            "id": .int(created.event.launch), "name": .string(state.name),
            "steps": .int(Int64(state.runbook.steps.count)), "gates": .int(Int64(state.runbook.gates.count)),
            "runbookSHA256": .string(launch.created.runbookSHA256),
            "events": .array([EventJSON.make(created.event)]),
        ])
        return JSONResponse.make(.created, result, headers: [.location: "/api/v1/launches/\(created.event.launch)"])
    }

    /// The runbook's name and text: uploaded, or read from the server's disk.
    static func runbook(_ body: CreateLaunchBody, _ services: ServerServices) throws -> (file: String, source: String) {
        switch (body.runbookSource, body.runbookPath) {
        case (let source?, nil):
            guard !source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw APIError(.unprocessableContent, "invalid", "runbookSource is empty")
            }
            return (body.runbookFile ?? "upload.md", source.hasPrefix("\u{FEFF}") ? String(source.dropFirst()) : source)
        case (nil, let path?):
            return (path, try readServerFile(path, services))
        case (nil, nil):
            throw APIError.badRequest("give the runbook as runbookSource (its text) or runbookPath (a file on the server)")
        case (_?, _?):
            throw APIError.badRequest("give either runbookSource or runbookPath, not both")
        }
    }

    static func readServerFile(_ path: String, _ services: ServerServices) throws -> String {
        let base = URL(fileURLWithPath: services.settings.workingDirectory, isDirectory: true)
        let url = URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL.resolvingSymlinksInPath()
        // Files outside the working directory (absolute paths, `..`, symlinks out) are not served.
        let root = base.standardizedFileURL.resolvingSymlinksInPath().path
        guard url.path.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
            throw APIError.forbidden("runbookPath '\(path)' is outside the server's working directory \(root)")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw APIError(.unprocessableContent, "invalid", "runbookPath '\(path)' is not a file on the server (paths are relative to \(base.path))")
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
              let size = attributes[.size] as? Int, size <= RequestBodyLimit.runbookUpload else {
            throw APIError(.unprocessableContent, "invalid", "runbookPath '\(path)' is unreadable or larger than 5 MiB")
        }
        guard let data = FileManager.default.contents(atPath: url.path), var text = String(validating: data, as: UTF8.self) else {
            throw APIError(.unprocessableContent, "invalid", "runbookPath '\(path)' is unreadable or not UTF-8 text")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }
}
