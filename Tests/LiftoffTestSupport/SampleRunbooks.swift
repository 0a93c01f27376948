/// Small runbooks written for tests: every construct a launch acts on, nothing else.
public enum SampleRunbooks {
    /// A T-1 Day phase, a T-1h go/no-go gate with two approvers, T-0 and T+1h phases and a
    /// rollback procedure. T-0 in tests: 2026-12-01 09:00 Europe/Oslo.
    public static let checkout = """
    # Checkout v2 go-live

    ## T-1 Day: Preparation

    - [ ] Freeze merges to main
    - [ ] Announce the maintenance window

    ## T-1h: Go/No-Go

    Required approvals from:

    - Engineering Lead
    - Product Owner

    ## T-0: Deploy

    - [ ] Deploy the release
    - [ ] Run smoke tests

    ## T+1h: Verify

    - [ ] Check error rate dashboards

    ## Rollback Procedure

    1. Revert the deploy
    """
}
