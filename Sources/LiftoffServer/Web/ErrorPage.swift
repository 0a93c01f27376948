import LiftoffRender
/// A page that says what went wrong and where to go next.
public struct ErrorPage {
    public var status: Int
    public var title: String
    public var message: String
    public var viewer: PageViewer?

    public init(status: Int, title: String, message: String, viewer: PageViewer? = nil) {
        self.status = status
        self.title = title
        self.message = message
        self.viewer = viewer
    }

    public func render() -> String {
        PageLayout.page(title: "\(title) · Liftoff", viewer: viewer, bodyClass: "error-page", script: false, main: [
            .element("h1", [], [.text(title)]),
            .element("p", [], [.text(message)]),
            .element("p", [], [.element("a", [.attr("href", "/launches")], [.text("All launches")])]),
        ])
    }
}
