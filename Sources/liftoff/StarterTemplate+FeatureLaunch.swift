/// The `feature-launch` starter: a feature launch behind a flag: readiness, a go/no-go, the flag's rollout percentage raised in stages, a review.
/// It lints clean and rehearses with `liftoff demo --runbook` (Tests/LiftoffCLITests/InitCommandTests.swift).
extension StarterTemplate {
    static let featureLaunchRunbook = #"""
# Feature launch: {{FEATURE}}

A starter runbook from `liftoff init`. The feature ships dark behind the flag `{{FLAG}}` and
reaches users in stages of the flag's rollout percentage. Everything here is plain Markdown
that Liftoff reads; the `liftoff` comments and blocks add a check or the rollout. Rehearse it
first:

    liftoff lint runbook.md --vars vars.yaml
    liftoff demo --runbook runbook.md

Then point `vars.yaml` at your service and your Prometheus, replace the `liftoff sandbox …`
commands with your flag service's, and create the launch with `liftoff launch create`.

## T-3 days: Readiness

**Owner:** Product Manager

- [ ] Support trained on {{FEATURE}}, help article published
- [ ] Announcement drafted for the launch channel
- [ ] Flag `{{FLAG}}` exists and is off in production

## T-1 day: Technical readiness

**Owner:** Engineering Lead

- [ ] The release with the feature serves production <!-- liftoff: check http GET {{GREEN_URL}}/healthz timeout 2s expect status == 200 and json "$.sha" == "{{RELEASE_SHA}}" -->
- [ ] Dashboards show the feature's requests <!-- liftoff: check prometheus "sum(http_requests_total)" expect value > 0 -->
- [ ] The kill switch (flag off) tried in staging

## T-1h: Go/No-Go

Required approvals from:
- Product Manager
- Engineering Lead

<!-- liftoff: check http GET {{GREEN_URL}}/healthz timeout 2s expect status == 200 -->

## T-0: Rollout

**Owner:** Engineering Lead

1. Tell support the rollout starts
2. Turn the flag on for a growing share of users

   ```liftoff
   # Each stage sets the flag's rollout percentage, then waits while the trigger below
   # watches; a firing trigger stops the rollout and asks for the rollback.
   shift:
     stages: [10, 50, 100]
     pause: [5m, 15m, 0]
     analysis: [rollback on errors]
     command: liftoff sandbox weight {{weight}} --sandbox {{SANDBOX_URL}}
   ```
3. Check the feature's endpoint with users on it <!-- liftoff: check http GET {{GREEN_URL}}/healthz timeout 2s expect status == 200 -->

## T+1 day: Review

**Owner:** Product Manager

- [ ] Adoption and support tickets reviewed
- [ ] Flag removal scheduled

## Rollback

**Owner:** Engineering Lead
**Rollback Authority:** Engineering Lead

Roll back when:

- Error rate exceeds 1% <!-- liftoff: trigger rollback on errors: error rate > 1% for 2m then rollback -->

Steps:

1. Turn the flag off for everyone

   ```bash
   liftoff sandbox weight 0 --sandbox {{SANDBOX_URL}}
   ```
2. Confirm no user is served the feature

   ```bash
   liftoff sandbox status --sandbox {{SANDBOX_URL}} --expect-serving blue
   ```
3. Tell support and the launch channel
"""#

    static let featureLaunchVars = #"""
# Variables of runbook.md: every {{NAME}} in it has a value here.
# `liftoff demo --runbook runbook.md` replaces GREEN_URL, BLUE_URL, SANDBOX_URL and prometheus
# with its sandbox's addresses; for a real launch point them at your environments.
FEATURE: Saved carts
FLAG: saved-carts
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
