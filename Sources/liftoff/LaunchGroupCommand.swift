import ArgumentParser

struct LaunchGroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "launch",
        abstract: "Create, list, inspect, complete and end launches.",
        discussion: """
        A launch is one execution of a runbook at a fixed T-0, recorded as a hash-chained event log.

          liftoff launch create examples/go-live/runbook.md --vars examples/go-live/vars.yaml \\
              --at 2026-12-01T09:00 --tz Europe/Oslo --name shop-go-live --mode rehearsal
          liftoff launch list
          liftoff launch status 1
          liftoff launch hold 1 --reason "investigating a spike"
          liftoff launch reschedule 1 --at 2026-12-02T09:00 --reason "vendor fix lands tomorrow"
          liftoff launch complete 1
          liftoff launch end 1 --outcome aborted
        """,
        subcommands: [LaunchCreateCommand.self, LaunchListCommand.self, LaunchStatusCommand.self, LaunchHoldCommand.self, LaunchResumeCommand.self,
                      LaunchRescheduleCommand.self, LaunchCalendarCommand.self, LaunchCompleteCommand.self, LaunchEndCommand.self]
    )
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
