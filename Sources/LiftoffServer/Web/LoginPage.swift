import LiftoffRender
/// `/login`: one field for the participant's token; the form posts to `POST /login`, which sets
/// the session cookie and redirects to `next` (a same-site path) or `/launches`.
public struct LoginPage {
    public var next: String?
    public var error: String?

    public init(next: String?, error: String?) {
        self.next = SafeURL.localPath(next)
        self.error = error
    }

    /// Only known codes produce text: the query string is not an echo service.
    var message: String? {
        switch error {
        case "invalid": "That token was not accepted. Check that you pasted all of it, or ask your launch admin for a new one."
        case "rate": "Too many attempts from your address. Wait a minute, then try again."
        case "expired": "Your session has ended. Sign in again."
        default: nil
        }
    }

    public func render() -> String {
        var form: [HTML] = [
            .element("label", [.attr("for", "token")], [.text("Access token")]),
            .void("input", [.attr("type", "password"), .id("token"), .attr("name", "token"), .attr("autocomplete", "current-password"),
                            .flag("required"), .flag("autofocus"), .aria("describedby", message == nil ? "token-help" : "token-help login-error")]),
            .element("p", [.id("token-help"), .class("help")], [
                .text("Your launch admin gives you a token ("),
                .element("code", [], [.text("liftoff user add NAME --role ROLE")]),
                .text("). It is sent once; the browser then keeps a session cookie."),
            ]),
        ]
        if let next { form.append(.void("input", [.attr("type", "hidden"), .attr("name", "next"), .attr("value", next)])) }
        form.append(.element("button", [.attr("type", "submit")], [.text("Sign in")]))
        let main: [HTML] = [
            .element("h1", [], [.text("Sign in to Liftoff")]),
            message.map { .element("p", [.id("login-error"), .class("error-box"), .attr("role", "alert")], [.text($0)]) } ?? .empty,
            .element("form", [.class("login panel"), .attr("method", "post"), .attr("action", "/login")], form),
        ]
        return PageLayout.page(title: "Sign in · Liftoff", viewer: nil, bodyClass: "login-page", script: false, main: main)
    }
}
