import Foundation

/// Builds large, realistic runbooks for benchmarks, deterministically.
///
/// The blocks follow the shapes of the seeds in `examples/`: `T-n Days` checklist
/// sections with nested task lists and `**Owner:**` lines (go-live), hour-by-hour
/// `H+h:mm` tables with inline commands (go-live), numbered procedures with nested
/// bullets and rollback triggers (acme-blue-green), fenced outlines with `T-15min:`
/// keys and `Required approvals from:` gates (feature-launch), shell code fences,
/// metric and contact tables, HTML guidance comments, block quotes and
/// `{{PLACEHOLDERS}}`. Each wave varies names, offsets, thresholds and commands
/// through a seeded SplitMix64, so the same `(bytes, seed)` always gives the same
/// text, byte for byte, on every machine and run.
public enum RunbookGenerator {
    public static let defaultSeed: UInt64 = 0x4C49_4654_4F46_4621  // "LIFTOFF!"

    /// A runbook of at least `bytes` UTF-8 bytes (it stops at the first wave that
    /// reaches the size, so it is at most one wave — about 6 KB — longer).
    public static func runbook(bytes: Int, seed: UInt64 = defaultSeed) -> String {
        var rng = SplitMix64(seed: seed)
        var out = ""
        out.reserveCapacity(bytes + 16_384)
        out += header()
        var wave = 1
        while out.utf8.count < bytes {
            out += self.wave(wave, &rng)
            wave += 1
        }
        out += footer()
        return out
    }

    // MARK: - Blocks

    private static func header() -> String {
        """
        # Go-Live Runbook — Platform Migration

        > **Project:** {{PROJECT_NAME}}
        > **Version:** {{VERSION}}
        > **Date:** {{DATE}}
        > **Author:** {{AUTHOR}}
        > **Status:** Draft | In Review | Approved

        ## Document History
        | Version | Date | Author | Changes |
        |---------|------|--------|---------|
        | 0.1     | {{DATE}} | {{AUTHOR}} | Initial draft |
        | 0.2     | 2024-11-15 | Dana Chen | Added waves and rollback triggers |

        ---

        ## Go-Live Overview

        <!-- GUIDANCE: Summarize the go-live event. Who is going live with what, when, and why now. -->

        **What:** {{PROJECT_NAME}} v{{VERSION}} production launch
        **When:** {{LAUNCH_DATE}} at {{LAUNCH_TIME}} {{TIMEZONE}}
        **Incident Commander:** {{IC}} (primary), {{IC_BACKUP}} (backup)
        **War Room:** {{WAR_ROOM_LINK}}

        ---


        """
    }

    private static func footer() -> String {
        """
        ## Related Documents

        - [Deployment Checklist](../RELEASE/deployment-checklist.md)
        - [Rollback Plan](../RELEASE/rollback-plan.md)
        - [Operational Runbook](./operational-runbook.md)

        ## Approval
        | Role | Name | Date | Signature |
        |------|------|------|-----------|
        | Author | | | |
        | Reviewer | | | |

        """
    }

    private static func wave(_ n: Int, _ rng: inout SplitMix64) -> String {
        let service = rng.pick(services)
        let region = rng.pick(regions)
        var s = "## \(n). Wave \(n): \(service) in \(region)\n\n"
        s += "<!-- GUIDANCE: wave \(n) moves \(service) to the new platform. Times are offsets from launch start. -->\n\n"
        s += "> **Service:** `\(service)` · **Region:** \(region) · **Owner:** {{\(service.upperSnake)_OWNER}}\n\n"

        // Pre-launch checklist sections, counting down.
        var day = 7 + rng.int(0..<4)
        for _ in 0..<(2 + rng.int(0..<2)) {
            s += checklist(day: day, service: service, &rng)
            day = max(1, day - 1 - rng.int(0..<3))
        }
        s += hourTable(service: service, &rng)
        if rng.int(0..<2) == 0 { s += hourTable(service: service, &rng) }
        s += procedure(service: service, &rng)
        s += triggers(service: service, &rng)
        s += outline(service: service, &rng)
        s += shellFence(service: service, region: region, &rng)
        s += metrics(service: service, &rng)
        if n % 3 == 0 { s += contacts(&rng) }
        s += "---\n\n"
        return s
    }

    private static func checklist(day: Int, service: String, _ rng: inout SplitMix64) -> String {
        let topic = rng.pick(checklistTopics)
        let unit = day == 1 ? "Day" : "Days"
        let key = topic.key
        var s = "### T-\(day) \(unit): \(topic.title)\n\n"
        if rng.int(0..<2) == 0 {
            s += "<!-- GUIDANCE: \(topic.title) for \(service) must be complete \(day) day\(day == 1 ? "" : "s") before go-live. -->\n\n"
        }
        let count = 4 + rng.int(0..<4)
        var items = topic.items
        rng.shuffle(&items)
        for (i, item) in items.prefix(count).enumerated() {
            let done = rng.int(0..<5) == 0 ? "x" : " "
            s += "- [\(done)] \(item.replacingOccurrences(of: "$SVC", with: service))\n"
            if i == 0 || rng.int(0..<4) == 0 {
                s += "  - `\(service).{{DOMAIN}}` → load balancer (TTL {{LOW_TTL}}s)\n"
                s += "  - verified by **\(rng.pick(people))** at T-\(day)d\n"
            }
        }
        s += "\n**Owner:** {{\(key)_OWNER}} | **Due:** T-\(day) \(day == 1 ? "day" : "days")\n\n---\n\n"
        return s
    }

    private static func hourTable(service: String, _ rng: inout SplitMix64) -> String {
        let startH = rng.int(0..<3)
        let startM = rng.int(0..<4) * 15
        var minutes = startH * 60 + startM
        let rows = 4 + rng.int(0..<4)
        var body = ""
        for _ in 0..<rows {
            let action = rng.pick(hourActions).replacingOccurrences(of: "$SVC", with: service)
            let owner = rng.pick(ownerPlaceholders)
            let notes = rng.int(0..<3) == 0 ? "Pipeline: {{PIPELINE_LINK}}" : ""
            body += "| H+\(minutes / 60):\(pad(minutes % 60)) | \(action) | \(owner) | | \(notes) |\n"
            minutes += 5 * (1 + rng.int(0..<3))
        }
        let begin = "H+\(startH):\(pad(startM))"
        let end = "H+\(minutes / 60):\(pad(minutes % 60))"
        return """
        ### \(begin) → \(end): \(rng.pick(hourTopics)) for \(service)

        | Time | Action | Owner | Status | Notes |
        |------|--------|-------|--------|-------|
        \(body)

        """
    }

    private static func procedure(service: String, _ rng: inout SplitMix64) -> String {
        var s = "### Deployment Steps — \(service)\n\n"
        let steps = 5 + rng.int(0..<3)
        for i in 1...steps {
            let step = rng.pick(procedureSteps).replacingOccurrences(of: "$SVC", with: service)
            s += "\(i). \(step)\n"
            if rng.int(0..<3) == 0 {
                s += "   - Pull the container image `registry.internal/\(service):{{VERSION}}` from ECR.\n"
                s += "   - Wait for health checks to pass (HTTP 200 on `/healthz`).\n"
                if rng.int(0..<2) == 0 {
                    s += "     1. If a check flaps, hold for \(1 + rng.int(0..<5)) minutes and re-check.\n"
                }
            }
        }
        return s + "\n"
    }

    private static func triggers(service: String, _ rng: inout SplitMix64) -> String {
        let p99 = 400 + rng.int(0..<9) * 50
        let err = 1 + rng.int(0..<4)
        let within = 10 + rng.int(0..<4) * 5
        return """
        ### Rollback Triggers — \(service)

        **Trigger:** Rollback if any of the following occur within \(within) minutes of traffic shift:

        - p99 latency exceeds \(p99)ms (baseline is ~\(p99 / 2)ms).
        - Error rate exceeds \(err)% of total requests for 5 consecutive minutes.
        - Any SEV1 or SEV2 alert fires for `\(service)`.

        **Manual rollback triggers (decision by {{ROLLBACK_AUTHORITY}}):**
        - Critical feature broken with no quick fix available
        - Database migration causes data integrity issues

        ### Rollback Procedure — \(service)

        1. Announce in war room: "Initiating rollback of \(service)"
        2. Run: `bash scripts/rollback.sh \(service) production` (or trigger CI pipeline rollback)
        3. Verify rollback by confirming the build SHA on `/healthz` matches the prior release.
        4. Post in #incidents with the rollback reason and link to the deploy ticket.


        """
    }

    private static func outline(service: String, _ rng: inout SplitMix64) -> String {
        let lead = rng.pick(roles)
        let second = rng.pick(roles)
        let mins = [30, 20, 15, 10, 5]
        let start = rng.int(0..<2)
        var s = "#### Deployment Sequence — \(service)\n\n```\n"
        for m in mins[start...].prefix(3) {
            s += "T-\(m)min:\n  \(rng.pick([lead, second])):\n"
            for a in rng.sample(outlineActions, 3) { s += "    - \(a)\n" }
            s += "    frequency: \(rng.pick(["Real-time updates", "Continuous monitoring", "Every 5 minutes"]))\n\n"
        }
        s += """
        T-0 (Launch Start):
          Step 1 - Feature Flag Configuration:
            owner: \(lead)
            actions:
              - Update feature flags for \(service)
              - Verify configuration
              - Confirm propagation
            verification: Config check

          Go/No-Go Decision (2 min):
            Required approvals from:
              - \(lead)
              - \(second)
              - Product Owner
            Rollback triggers:
              - Error rate > \(1 + rng.int(0..<3))%
              - p95 latency > \(300 + rng.int(0..<5) * 100)ms
        ```


        """
        return s
    }

    private static func shellFence(service: String, region: String, _ rng: inout SplitMix64) -> String {
        let replicas = 2 + rng.int(0..<6)
        return """
        #### Commands

        ```bash
        # Scale \(service) in \(region) and wait for rollout
        kubectl --context prod-\(region) -n \(service) scale deploy/\(service) --replicas=\(replicas)
        kubectl --context prod-\(region) -n \(service) rollout status deploy/\(service) --timeout=300s
        curl -fsS https://\(service).{{DOMAIN}}/healthz | jq .build_sha
        ```


        """
    }

    private static func metrics(service: String, _ rng: inout SplitMix64) -> String {
        let cpu = 60 + rng.int(0..<4) * 5
        let q = 200 + rng.int(0..<8) * 50
        return """
        ### Post-Deploy Monitoring — \(service)

        **Metrics to watch during enhanced monitoring:**
        - Error rate (target: < {{ERROR_THRESHOLD}}%)
        - P99 latency (target: < {{P99_THRESHOLD}}ms)
        - Cache hit rate (target: > {{CACHE_HIT}}%)

        | Metric | Dashboard | Threshold |
        |--------|-----------|-----------|
        | p50 / p99 latency | Grafana — \(service) latency | p99 < 800ms |
        | Error rate (5xx) | Datadog — Error Budget | < 0.5% |
        | CPU / Memory | Grafana — ECS Resources | CPU < \(cpu)%, Mem < 80% |
        | Queue depth | Grafana — Worker Queue | < \(q) messages |


        """
    }

    private static func contacts(_ rng: inout SplitMix64) -> String {
        var rows = ""
        for role in rng.sample(roles, 4) {
            let name = rng.pick(people)
            let handle = name.lowercased().replacingOccurrences(of: " ", with: ".")
            rows += "| \(role) | \(name) | +1-555-0\(100 + rng.int(0..<900)) | @\(handle) |\n"
        }
        return """
        ### Emergency Contacts

        | Role | Name | Phone | Slack |
        |------|------|-------|-------|
        \(rows)

        """
    }

    private static func pad(_ m: Int) -> String { m < 10 ? "0\(m)" : "\(m)" }

    // MARK: - Vocabulary (from the seeds)

    static let services = ["acme-api", "acme-web", "acme-worker", "billing", "checkout", "search", "auth-gateway", "ledger", "notifications", "media-cdn"]
    static let regions = ["eu-north-1", "eu-west-1", "us-east-1", "us-west-2", "ap-southeast-2"]
    static let people = ["Dana Chen", "Marcus Rivera", "Priya Sharma", "Ola Nordmann", "Kari Hansen", "Sam Okafor", "Lena Fischer"]
    static let roles = ["Program Manager", "Engineering Lead", "Product Owner", "Engineering Manager", "Database Admin", "SRE On-Call", "Release Manager"]
    static let ownerPlaceholders = ["{{IC}}", "{{DB_OWNER}}", "{{DEPLOY_OWNER}}", "{{TECH_LEAD}}", "{{DNS_OWNER}}", "{{QA_OWNER}}", "{{FF_OWNER}}"]
    static let hourTopics = ["Deployment Start", "Database Migration Execution", "DNS Cutover", "Smoke Tests", "Monitoring Verification", "Traffic Shift"]
    static let hourActions = [
        "Announce in war room: \"Deployment of $SVC started\"",
        "Take final pre-deploy database backup",
        "Enable maintenance mode (if applicable)",
        "Trigger production deployment pipeline",
        "Run database migrations: `bash scripts/migrate-prod.sh $SVC`",
        "Verify migration completed: `bash scripts/verify-migration.sh`",
        "Point DNS to production load balancer",
        "Run automated smoke tests: `bash scripts/smoke-tests.sh production`",
        "Verify error rate < {{ERROR_THRESHOLD}}%",
        "Verify P99 latency < {{P99_THRESHOLD}}ms",
        "Shift 10% of traffic to $SVC green",
        "Declare $SVC live",
    ]
    static let procedureSteps = [
        "Open the deployment dashboard at `https://deploy.internal.acme.io`.",
        "Select **$SVC** and the promoted artifact SHA.",
        "Click **Deploy to Idle Environment**. The pipeline will:",
        "Once health checks are green, click **Shift Traffic** to move 10% of traffic to the new environment.",
        "Monitor dashboards for 5 minutes. If metrics are stable, proceed to 50%, then 100%.",
        "Run `./scripts/canary-check.sh $SVC --threshold 0.5` and attach the output to the ticket.",
        "Mark the deployment as **Complete** in the dashboard.",
    ]
    static let outlineActions = [
        "Open war room", "Verify attendees", "Start status updates", "Final health check",
        "Verify deployment access", "Confirm monitoring", "Communication test", "Tool verification",
    ]

    struct Topic { let title: String; let key: String; let items: [String] }
    static let checklistTopics: [Topic] = [
        Topic(title: "Infrastructure Verification", key: "INFRA", items: [
            "All production infrastructure for $SVC provisioned and tested",
            "Load balancer health checks passing for all instances",
            "Auto-scaling groups configured and tested (scale-up + scale-down)",
            "Database replicas in sync and replication lag < {{REPLICATION_LAG}}s",
            "Backup jobs running successfully (last backup verified: {{VERIFY_DATE}})",
            "CDN configured and serving assets correctly",
            "All IAM roles and permissions verified",
        ]),
        Topic(title: "DNS Configuration", key: "DNS", items: [
            "DNS records created/updated in {{DNS_PROVIDER}}",
            "DNS propagation verified (check from multiple regions)",
            "DNS failover routing configured (if applicable)",
            "Old DNS records documented (for rollback reference)",
            "TTL lowered to {{LOW_TTL}} for `$SVC.{{DOMAIN}}`",
        ]),
        Topic(title: "Database Migration", key: "DB", items: [
            "Final migration scripts reviewed and approved",
            "Migration tested on staging with production-sized data (timing recorded: {{MIGRATION_TIME}}min)",
            "Rollback/down migration tested",
            "Migration script idempotent (safe to run twice)",
            "Data integrity checks script prepared (`scripts/verify-migration.sh`)",
        ]),
        Topic(title: "Monitoring & Alerting", key: "MONITORING", items: [
            "All alert rules for $SVC deployed to production monitoring",
            "Alert routing configured — PagerDuty / on-call active",
            "Dashboards showing production data",
            "Synthetic monitoring configured (uptime checks every 1 min)",
            "Alert test fired and received by on-call",
        ]),
        Topic(title: "Feature Flags", key: "FF", items: [
            "All new features behind feature flags",
            "Feature flags defaulting to OFF in production",
            "Flag rollout plan documented (which flags, in what order, with what criteria)",
            "Kill switch flags configured (disable $SVC immediately if needed)",
        ]),
        Topic(title: "SSL Certificates", key: "SSL", items: [
            "TLS certificates provisioned for `$SVC.{{DOMAIN}}`",
            "Certificate expiry > 90 days from go-live date",
            "HTTPS redirect configured (HTTP → HTTPS)",
            "HSTS header configured",
            "SSL Labs test: Grade A or better ({{SSL_TEST_LINK}})",
        ]),
    ]
}

extension String {
    fileprivate var upperSnake: String {
        uppercased().replacingOccurrences(of: "-", with: "_")
    }
}

/// SplitMix64: small, fast, and the same sequence everywhere.
public struct SplitMix64: Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform enough for picking words; deliberately not `Int.random(using:)`,
    /// whose algorithm the standard library does not promise to keep.
    public mutating func int(_ range: Range<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    public mutating func pick<T>(_ xs: [T]) -> T { xs[int(0..<xs.count)] }

    public mutating func shuffle<T>(_ xs: inout [T]) {
        guard xs.count > 1 else { return }
        for i in stride(from: xs.count - 1, to: 0, by: -1) {
            xs.swapAt(i, int(0..<(i + 1)))
        }
    }

    public mutating func sample<T>(_ xs: [T], _ k: Int) -> [T] {
        var copy = xs
        shuffle(&copy)
        return Array(copy.prefix(k))
    }
}
