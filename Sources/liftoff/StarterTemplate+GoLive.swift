/// The `go-live` starter: a go-live of a new release: readiness the day before, a go/no-go, traffic moved in stages, aftercare.
/// It lints clean and rehearses with `liftoff demo --runbook` (Tests/LiftoffCLITests/InitCommandTests.swift).
extension StarterTemplate {
    static let goLiveRunbook = #"""
# Go-live: {{SERVICE}} {{VERSION}}

A starter runbook from `liftoff init`. It is plain Markdown: the phases, owners, checklist,
go/no-go decision and rollback criteria below are what Liftoff reads, and the `liftoff`
comments and blocks add what prose cannot say (a check, a traffic shift). Rehearse it first:

    liftoff lint runbook.md --vars vars.yaml
    liftoff demo --runbook runbook.md

Then point `vars.yaml` at your environments, replace the `liftoff sandbox …` commands with your
load balancer's, and create the launch with `liftoff launch create`.

**Service:** {{SERVICE}}
**Release:** {{VERSION}} ({{RELEASE_SHA}}), replacing {{PREVIOUS_SHA}}

## T-1 day: Readiness

**Owner:** Release Manager | **Due:** T-1 day

- [ ] Release notes written and shared with support
- [ ] Change ticket approved
- [ ] New release deployed beside the serving one <!-- liftoff: check http GET {{GREEN_URL}}/healthz timeout 2s expect status == 200 and json "$.sha" == "{{RELEASE_SHA}}" -->
- [ ] On-call engineer knows the rollback procedure below

## T-30m: Go/No-Go

The decision to start: the release is deployed and healthy beside the serving one, and
nothing open blocks it.

Required approvals from:
- Release Manager
- Service Owner

<!-- liftoff: check http GET {{BLUE_URL}}/healthz timeout 2s expect status == 200 and json "$.sha" == "{{PREVIOUS_SHA}}" -->
<!-- liftoff: check http GET {{GREEN_URL}}/healthz timeout 2s expect status == 200 and json "$.sha" == "{{RELEASE_SHA}}" -->

## T-0: Release

**Owner:** Platform Engineer

1. Announce the start in the launch channel
2. Move traffic to the new release

   ```liftoff
   # Each stage sets the load balancer's weight, then waits while the trigger below watches.
   shift:
     stages: [10, 50, 100]
     pause: [5m, 15m, 0]
     analysis: [rollback on errors]
     command: liftoff sandbox weight {{weight}} --sandbox {{SANDBOX_URL}}
   ```
3. Confirm the new release answers <!-- liftoff: check http GET {{GREEN_URL}}/healthz timeout 2s expect status == 200 -->

## T+1h: Aftercare

**Owner:** Service Owner

- [ ] Dashboards reviewed with the on-call engineer
- [ ] Launch channel told the release is done

## Rollback

**Owner:** Platform Engineer
**Rollback Authority:** Release Manager

Roll back when:

- Error rate exceeds 1% <!-- liftoff: trigger rollback on errors: error rate > 1% for 2m then rollback -->

Steps:

1. Send all traffic back to the previous release

   ```bash
   liftoff sandbox weight 0 --sandbox {{SANDBOX_URL}}
   ```
2. Confirm the previous release serves

   ```bash
   liftoff sandbox status --sandbox {{SANDBOX_URL}} --expect-serving blue
   ```
3. Tell the launch channel and support what happened
"""#

    static let goLiveVars = #"""
# Variables of runbook.md: every {{NAME}} in it has a value here.
# `liftoff demo --runbook runbook.md` replaces GREEN_URL, BLUE_URL, SANDBOX_URL and prometheus
# with its sandbox's addresses; for a real launch point them at your environments.
SERVICE: shop-api
VERSION: "2.4.0"
RELEASE_SHA: 4f2a9c1e
PREVIOUS_SHA: 1c9d03b7
GREEN_URL: http://127.0.0.1:8081
BLUE_URL: http://127.0.0.1:8082
SANDBOX_URL: http://127.0.0.1:8083

# Where the launch reads its live signals, and what each signal name in the runbook means.
prometheus: http://127.0.0.1:8083/prometheus
signals:
  # A short rate window suits a rehearsal's compressed time; use [5m] for a real launch.
  error rate: sum(rate(http_requests_total{code=~"5.."}[10s])) / sum(rate(http_requests_total[10s]))
"""#
}
