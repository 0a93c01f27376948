import ArgumentParser

@main
struct Liftoff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "liftoff",
        abstract: "Run go-live runbooks written in Markdown."
    )
}
