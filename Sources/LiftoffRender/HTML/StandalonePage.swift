/// The frame of Liftoff's standalone pages (the launch report, `lint --explain`): one style
/// sheet admitted by its hash in the Content-Security-Policy, no script, nothing loaded, and the
/// content in `div.page`. Built with `HTML`, so only the frame's own markup is unescaped.
enum StandalonePage {
    static func document(title: String, contentSecurityPolicy: String, stylesheet: StaticString, generator: Bool = false, content: HTML) -> String {
        let page = HTML.literal("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">

            """)
            + .void("meta", [.attr("http-equiv", "Content-Security-Policy"), .attr("content", contentSecurityPolicy)])
            + .literal("\n<meta name=\"referrer\" content=\"no-referrer\">\n")
            + (generator ? .literal("<meta name=\"generator\" content=\"Liftoff\">\n") : .empty)
            + .element("title", [], [.text(title)])
            + .literal("\n")
            + .element("style", [], [.literal(stylesheet)])
            + .literal("\n</head>\n<body>\n")
            + .element("div", [.class("page")], [.literal("\n"), content])
            + .literal("\n</body>\n</html>\n")
        return page.rendered
    }
}
