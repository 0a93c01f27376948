/// The `blue-green` starter: a blue-green deployment: green prepared beside blue, a go/no-go, traffic switched in stages, blue kept as the rollback target.
/// It lints clean and rehearses with `liftoff demo --runbook` (Tests/LiftoffCLITests/InitCommandTests.swift).
extension StarterTemplate {
    static let blueGreenRunbook = #"""
# Blue-green deployment: {{SERVICE}} {{VERSION}}

A starter runbook from `liftoff init`. Two identical environments sit behind one load
balancer: **blue** serves the current release, **green** gets the new one, and traffic moves
from blue to green in stages. Everything here is plain Markdown that Liftoff reads; the
`liftoff` comments and blocks add a check or the traffic shift. Rehearse it first:

    liftoff lint runbook.md --vars vars.yaml
    liftoff demo --runbook runbook.md

Then point `vars.yaml` at your environments and your Prometheus, replace the
`liftoff sandbox …` commands with your load balancer's, and create the launch with
`liftoff launch create`.

## T-2h: Prepare green

**Owner:** Platform Engineer

- [ ] Deploy {{RELEASE_SHA}} to green (blue keeps serving {{PREVIOUS_SHA}})
- [ ] Green answers its health check with the new release <!-- liftoff: check http GET {{GREEN_URL}}/healthz timeout 2s expect status == 200 and json "$.sha" == "{{RELEASE_SHA}}" -->
- [ ] Database migrations applied, and safe for the release on blue too

## T-15m: Go/No-Go

Green runs the release and blue is healthy; the release manager and the platform lead say GO.

Required approvals from:
- Release Manager
- Platform Lead

<!-- liftoff: check http GET {{GREEN_URL}}/healthz timeout 2s expect status == 200 and json "$.sha" == "{{RELEASE_SHA}}" -->
<!-- liftoff: check http GET {{BLUE_URL}}/healthz timeout 2s expect status == 200 -->

## T-0: Switch traffic

**Owner:** Platform Engineer

1. Post "switching {{SERVICE}} to {{VERSION}}" in the launch channel
2. Shift traffic from blue to green

   ```liftoff
   # Each stage sets green's weight on the load balancer, then waits while the trigger
   # below watches; a firing trigger stops the shift and asks for the rollback.
   shift:
     stages: [10, 50, 100]
     pause: [5m, 15m, 0]
     analysis: [rollback on errors]
     command: liftoff sandbox weight {{weight}} --sandbox {{SANDBOX_URL}}
   ```
3. Smoke test green behind the load balancer <!-- liftoff: check http GET {{GREEN_URL}}/healthz timeout 2s expect status == 200 and latency < 1s -->

## T+30m: Retire blue

**Owner:** Release Manager

- [ ] Keep blue running until the next release, as the rollback target
- [ ] Close the change ticket

## Rollback

**Owner:** Platform Engineer
**Rollback Authority:** Release Manager or Platform Lead

Roll back when:

- Error rate exceeds 1% <!-- liftoff: trigger rollback on errors: error rate > 1% for 2m then rollback -->

Steps:

1. Send all traffic back to blue

   ```bash
   liftoff sandbox weight 0 --sandbox {{SANDBOX_URL}}
   ```
2. Confirm blue serves the previous release

   ```bash
   liftoff sandbox status --sandbox {{SANDBOX_URL}} --expect-serving blue --expect-sha {{PREVIOUS_SHA}}
   ```
3. Post the rollback and its reason in the launch channel
"""#

    static let blueGreenVars = #"""
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
