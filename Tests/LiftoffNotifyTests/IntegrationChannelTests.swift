import Foundation
import LiftoffKit
import LiftoffNotify
import LiftoffStore
import LiftoffTestSupport
import Testing

/// PagerDuty Events API v2 and GitHub deployments as channels (docs/notifications.md): real
/// receivers on 127.0.0.1 check every request against the published shape of each API and
/// record the order.
@Suite struct IntegrationChannelTests {
    static let receiverKey = "R0UT1NGKEY0123456789abcdef012345"
    static let token = "ghp_testtoken0123456789"

    static let environment: @Sendable (String) -> String? = {
        switch $0 {
        case "PD_KEY": receiverKey
        case "GH_TOKEN": token
        case "HOOK_SECRET": NotifyFixture.secret
        default: nil
        }
    }

    static func vars(pagerDutyPort: String = "{{PORT}}", gitHubPort: String = "{{PORT}}", webhook: Bool = false) -> String {
        var text = """
        LIFTOFF_URL: https://liftoff.example.com/
        REF: 4f2a9c1e
        ENVIRONMENT_URL: https://api.acme.example
        notify:
          pager:
            kind: pagerduty
            routing_key: env:PD_KEY
            url: http://127.0.0.1:\(pagerDutyPort)/pd/v2/enqueue
          deploys:
            kind: github
            repository: acme/api
            environment: production
            token: env:GH_TOKEN
            api_url: http://127.0.0.1:\(gitHubPort)/gh

        """
        if webhook {
            text += "  ops:\n    kind: webhook\n    url: http://127.0.0.1:\(gitHubPort)/hook\n"
        }
        return text
    }

    /// Holds, resumes, a rollback trigger firing and its rollback, an escalation, the trigger
    /// back to ok, the launch ended: PagerDuty sees each incident triggered then resolved under
    /// one dedup_key, and change events for the start and the end.
    @Test(.timeLimit(.minutes(3))) func pagerDutyTriggersAndResolvesIncidentsPerCause() async throws {
        let receiver = IntegrationReceiver(routingKey: Self.receiverKey, token: Self.token)
        try await receiver.serve { port in
            let f = try await NotifyFixture.make(vars: Self.vars(), port: port)
            do {
                try await Self.rollbackStory(f)
                try await withDispatcher(f, environment: Self.environment) { try await $0.drain(launch: f.launch) }
                #expect(await receiver.problems == [])
                let pd = await receiver.accepted.filter { $0.path.hasPrefix("/pd/") }
                let alerts = pd.filter { $0.path == "/pd/v2/enqueue" }.map { ($0.json["event_action"] as? String ?? "", $0.json["dedup_key"] as? String ?? "") }
                let all = try await f.events()
                let created = try #require(all.first)
                let prefix = "liftoff/\(f.launch).\(created.hash.prefix(8))/"
                #expect(alerts.map(\.0) == ["trigger", "resolve", "trigger", "trigger", "resolve", "resolve"])
                #expect(alerts.map(\.1) == ["hold", "hold", "trigger/error-rate", "rollback-unconfirmed", "trigger/error-rate", "rollback-unconfirmed"].map { prefix + $0 })
                #expect(pd.filter { $0.path == "/pd/v2/change/enqueue" }.count == 2, "the launch starting and ending")
                #expect(pd.first?.path == "/pd/v2/change/enqueue" && pd.last?.path == "/pd/v2/change/enqueue")
                let triggers = pd.filter { $0.json["event_action"] as? String == "trigger" }.compactMap { $0.json["payload"] as? [String: Any] }
                #expect(triggers.map { $0["severity"] as? String } == ["warning", "critical", "critical"])
                #expect(triggers.allSatisfy { ($0["summary"] as? String)?.contains("checkout-v2") == true })
                let links = pd.compactMap { $0.json["links"] as? [[String: Any]] }.flatMap { $0 }.compactMap { $0["href"] as? String }
                #expect(Set(links) == ["https://liftoff.example.com/launches/\(f.launch)"], "links to the war room")
                let delivered = try await f.delivered().filter { $0.channel == "pager" }
                #expect(delivered.count == 8, "every update is settled on the channel")
                #expect(delivered.contains { $0.skipped == true }, "the person's post had nothing for PagerDuty")
                #expect(try await f.events().allSatisfy { !String(decoding: CanonicalJSON.bytes($0.payload), as: UTF8.self).contains(Self.receiverKey) }, "the routing key never reaches the log")
            } catch {
                await f.store.close()
                throw error
            }
            await f.store.close()
        }
    }

    /// The launch before T-0, under way, then a success: GitHub gets one deployment and its
    /// statuses queued → in_progress → success, with the war room as the log and the
    /// environment's URL; updates that move nothing send nothing.
    @Test(.timeLimit(.minutes(3))) func gitHubDeploymentMovesQueuedInProgressSuccess() async throws {
        let receiver = IntegrationReceiver(routingKey: Self.receiverKey, token: Self.token)
        try await receiver.serve { port in
            let f = try await NotifyFixture.make(vars: Self.vars(), port: port, t0: Date().addingTimeInterval(3600))
            do {
                try await f.post("gate open, waiting on T-0")
                try await f.post("still waiting")
                try await f.milestone(EventDraft(actor: "ada", LaunchRescheduled(t0: Date().addingTimeInterval(-60), reason: "ready early")))
                try await f.post("canary at 10%")
                try await f.milestone(EventDraft(actor: "ada", LaunchEnded(outcome: .success, note: nil)))
                try await withDispatcher(f, environment: Self.environment) { try await $0.drain(launch: f.launch) }
                #expect(await receiver.problems == [])
                let gh = await receiver.accepted.filter { $0.path.hasPrefix("/gh/") }
                #expect(gh.map(\.path) == ["/gh/repos/acme/api/deployments"] + Array(repeating: "/gh/repos/acme/api/deployments/4101/statuses", count: 3))
                let create = try #require(gh.first?.json)
                #expect(create["ref"] as? String == "4f2a9c1e")
                #expect(create["environment"] as? String == "production")
                #expect(create["production_environment"] as? Bool == true)
                #expect((create["required_contexts"] as? [String]) == [])
                let statuses = gh.dropFirst().map(\.json)
                #expect(statuses.map { $0["state"] as? String } == ["queued", "in_progress", "success"])
                #expect(statuses.allSatisfy { $0["log_url"] as? String == "https://liftoff.example.com/launches/\(f.launch)" })
                #expect(statuses.allSatisfy { $0["environment_url"] as? String == "https://api.acme.example" })
                let delivered = try await f.delivered().filter { $0.channel == "deploys" }
                #expect(delivered.first?.reference == "4101", "the deployment id is kept in the log")
                #expect(delivered.filter { $0.skipped == true }.count == 2, "'still waiting' and 'canary at 10%' moved nothing")
                #expect(try await f.events().allSatisfy { !String(decoding: CanonicalJSON.bytes($0.payload), as: UTF8.self).contains(Self.token) })
            } catch {
                await f.store.close()
                throw error
            }
            await f.store.close()
        }
    }

    /// A rollback: the deployment goes in_progress → failure (the rollback runs) → inactive
    /// (rolled back).
    @Test(.timeLimit(.minutes(3))) func gitHubDeploymentFailsThenGoesInactiveOnARollback() async throws {
        let receiver = IntegrationReceiver(routingKey: Self.receiverKey, token: Self.token)
        try await receiver.serve { port in
            let f = try await NotifyFixture.make(vars: Self.vars(), port: port, t0: Date().addingTimeInterval(-60))
            do {
                try await f.post("deploying")
                try await f.system(StatusPosted(status: .red, message: "Rollback confirmed by ada; running the rollback procedure", milestone: StatusMilestones.rollback,
                                                channels: ["pager", "deploys"], cause: StatusCause(.rollbackConfirmed)))
                try await f.milestone(EventDraft(actor: "system", LaunchEnded(outcome: .rolledBack, note: "rollback procedure completed")))
                try await withDispatcher(f, environment: Self.environment) { try await $0.drain(launch: f.launch) }
                #expect(await receiver.problems == [])
                let states = await receiver.accepted.filter { $0.path.hasSuffix("/statuses") }.map { $0.json["state"] as? String }
                #expect(states == ["in_progress", "failure", "inactive"])
            } catch {
                await f.store.close()
                throw error
            }
            await f.store.close()
        }
    }

    /// GitHub's rate limit (403 with `X-RateLimit-Remaining: 0`) is retried, and the retry posts
    /// to the deployment the failed attempt created: the id was kept with the failure.
    @Test(.timeLimit(.minutes(3))) func aRateLimitedStatusIsRetriedOnTheSameDeployment() async throws {
        let receiver = IntegrationReceiver(routingKey: Self.receiverKey, token: Self.token)
        await receiver.rateLimitStatuses(2)
        try await receiver.serve { port in
            let f = try await NotifyFixture.make(vars: Self.vars(), port: port, t0: Date().addingTimeInterval(-60))
            do {
                try await f.post("deploying")
                try await withDispatcher(f, environment: Self.environment) { try await $0.drain(launch: f.launch) }
                let failed = try await f.failed().filter { $0.channel == "deploys" }
                #expect(failed.count == 2 && failed.allSatisfy { !$0.final && $0.reference == "4101" && $0.error.hasPrefix("HTTP 403") })
                let paths = await receiver.received.filter { $0.path.hasPrefix("/gh/") }.map(\.path)
                #expect(paths == ["/gh/repos/acme/api/deployments"] + Array(repeating: "/gh/repos/acme/api/deployments/4101/statuses", count: 3), "one deployment")
                #expect(try await f.delivered().first { $0.channel == "deploys" }?.attempt == 3)
            } catch {
                await f.store.close()
                throw error
            }
            await f.store.close()
        }
    }

    /// The deployment id survives a restart: a new dispatcher (and a new store connection) on
    /// the same database posts the next status to the same deployment and creates none.
    @Test(.timeLimit(.minutes(3))) func theDeploymentIdSurvivesARestartOfTheDispatcher() async throws {
        let receiver = IntegrationReceiver(routingKey: Self.receiverKey, token: Self.token)
        try await receiver.serve { port in
            let f = try await NotifyFixture.make(vars: Self.vars(), port: port, t0: Date().addingTimeInterval(-60))
            do {
                try await f.post("deploying")
                try await withDispatcher(f, environment: Self.environment) { try await $0.drain(launch: f.launch) }
                await f.store.close()
                let reopened = try await SQLiteEventStore.open(path: f.path, create: false)
                let g = NotifyFixture(directory: f.directory, path: f.path, store: reopened, launch: f.launch)
                do {
                    try await g.milestone(EventDraft(actor: "ada", LaunchEnded(outcome: .success, note: nil)))
                    try await withDispatcher(g, environment: Self.environment) { try await $0.drain(launch: g.launch) }
                } catch {
                    await reopened.close()
                    throw error
                }
                await reopened.close()
            } catch {
                await f.store.close()
                throw error
            }
            #expect(await receiver.problems == [])
            let gh = await receiver.accepted.filter { $0.path.hasPrefix("/gh/") }.map(\.path)
            #expect(gh == ["/gh/repos/acme/api/deployments", "/gh/repos/acme/api/deployments/4101/statuses", "/gh/repos/acme/api/deployments/4101/statuses"])
        }
    }

    /// PagerDuty answers 503 for a while: the GitHub channel and the webhook on another receiver
    /// go on meanwhile; once PagerDuty is back its events arrive, in order.
    @Test(.timeLimit(.minutes(3))) func aPagerDutyOutageHoldsUpNoOtherChannel() async throws {
        let pagerDuty = IntegrationReceiver(routingKey: Self.receiverKey, token: Self.token)
        let others = IntegrationReceiver(routingKey: Self.receiverKey, token: Self.token)
        await pagerDuty.setDown(true)
        try await pagerDuty.serve { pdPort in
            try await others.serve { port in
                let vars = Self.vars(pagerDutyPort: String(pdPort), webhook: true)
                let f = try await NotifyFixture.make(vars: vars, port: port, t0: Date().addingTimeInterval(-60))
                do {
                    try await f.milestone(EventDraft(actor: "ada", LaunchHeld(reason: "waiting on the database team")))
                    try await f.milestone(EventDraft(actor: "ada", LaunchResumed(note: nil)))
                    try await withDispatcher(f, environment: Self.environment) { dispatcher in
                        let task = Task { await dispatcher.run(launch: f.launch) }
                        defer { task.cancel() }
                        // The others get everything while PagerDuty is down.
                        try await NotifyFixture.eventually("GitHub and the webhook served") {
                            let delivered = try await f.delivered()
                            return delivered.filter { $0.channel != "pager" }.count == 4
                        }
                        #expect(try await f.delivered().allSatisfy { $0.channel != "pager" })
                        #expect(await pagerDuty.received.count >= 1, "PagerDuty was tried")
                        await pagerDuty.setDown(false)
                        try await NotifyFixture.eventually("PagerDuty served after it came back") {
                            try await f.delivered().filter { $0.channel == "pager" }.count == 2
                        }
                        task.cancel()
                        await task.value
                    }
                    let failed = try await f.failed()
                    #expect(!failed.isEmpty && failed.allSatisfy { $0.channel == "pager" && !$0.final && $0.error.hasPrefix("HTTP 503") })
                    let pd = await pagerDuty.accepted.map { ($0.json["event_action"] as? String ?? "", $0.json["dedup_key"] as? String ?? "") }
                    #expect(pd.map(\.0) == ["trigger", "resolve"], "in order once back")
                    #expect(pd.count == 2 && pd[0].1 == pd[1].1 && pd[0].1.hasSuffix("/hold"))
                    #expect(await pagerDuty.problems == [])
                    #expect(await others.problems == [])
                } catch {
                    await f.store.close()
                    throw error
                }
                await f.store.close()
            }
        }
    }

    /// A refusal that echoes the routing key is recorded with the key masked.
    @Test func aRecordedFailureMasksTheRoutingKey() async throws {
        let receiver = IntegrationReceiver(routingKey: "a-different-key-than-liftoff-sends", token: Self.token)
        try await receiver.serve { port in
            let f = try await NotifyFixture.make(vars: Self.vars(), port: port)
            do {
                try await f.milestone(EventDraft(actor: "ada", LaunchHeld(reason: "paused")))
                try await withDispatcher(f, environment: { $0 == "PD_KEY" ? "R0UT1NGKEY-echoed-back" : Self.environment($0) }) { try await $0.drain(launch: f.launch) }
                let failed = try await f.failed().filter { $0.channel == "pager" }
                #expect(failed.count == 1 && failed[0].final, "a 400 is final")
                #expect(try await f.events().allSatisfy { !String(decoding: CanonicalJSON.bytes($0.payload), as: UTF8.self).contains("R0UT1NGKEY-echoed-back") })
            } catch {
                await f.store.close()
                throw error
            }
            await f.store.close()
        }
    }

    /// Launch start (a system post with that cause), a hold and its resume, a person's post, a
    /// rollback trigger firing and its rollback, the escalation, the trigger back to ok, the end.
    static func rollbackStory(_ f: NotifyFixture) async throws {
        try await f.system(StatusPosted(status: .green, message: "Phase started: T-0: Deploy", milestone: StatusMilestones.phaseStarted,
                                        channels: ["pager", "deploys"], cause: StatusCause(.launchStarted)))
        try await f.milestone(EventDraft(actor: "ada", LaunchHeld(reason: "waiting on the database team")))
        try await f.milestone(EventDraft(actor: "ada", LaunchResumed(note: nil)))
        try await f.post("canary at 10%")
        try await f.append(EventDraft(actor: "system", TriggerChanged(trigger: "error-rate", state: .firing, previous: .pending, value: 0.031, series: nil, observedAt: Date(), message: nil)))
        try await f.milestone(EventDraft(actor: "system", RollbackRequested(reason: "error rate firing", trigger: "error-rate", value: 0.031, policy: .manual)))
        try await f.system(StatusPosted(status: .red, message: "Rollback still not confirmed; escalating", milestone: StatusMilestones.rollbackEscalated,
                                        channels: ["pager", "deploys"], cause: StatusCause(.rollbackEscalated, trigger: "error-rate")))
        try await f.milestone(EventDraft(actor: "system", TriggerChanged(trigger: "error-rate", state: .ok, previous: .firing, value: 0.001, series: nil, observedAt: Date(), message: nil)))
        try await f.milestone(EventDraft(actor: "ada", LaunchEnded(outcome: .rolledBack, note: nil)))
    }
}

extension NotifyFixture {
    /// Appends `draft` as it stands; returns its seq.
    @discardableResult
    func append(_ draft: EventDraft) async throws -> Int {
        let current = try await events().last?.seq
        let seq = try #require(current)
        let appended = try await store.append([draft], to: launch, expectedSeq: seq)
        return try #require(appended.last?.seq)
    }

    /// Appends `draft`, then the status update Liftoff posts for it (`StatusMilestones`), as the
    /// watcher does; returns the update's seq.
    @discardableResult
    func milestone(_ draft: EventDraft) async throws -> Int {
        try await append(draft)
        let events = try await events()
        let last = try #require(events.last)
        let state = try LaunchState.fold(events)
        let post = try #require(StatusMilestones.update(for: last, in: state))
        return try await system(post)
    }

    /// Appends a status update by `system`; returns its seq.
    @discardableResult
    func system(_ post: StatusPosted) async throws -> Int {
        try await append(EventDraft(actor: StatusMilestones.actor, post))
    }
}
