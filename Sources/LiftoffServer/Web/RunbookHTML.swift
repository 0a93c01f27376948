import LiftoffKit
import LiftoffMarkdown
import LiftoffRender

/// The runbook's Markdown as page content. Mirrors `HTMLRenderer` (LiftoffKit/Output) with the
/// same rules, built with `HTML` so nothing can skip escaping: raw HTML is shown as text,
/// comments are dropped, links keep http(s), mailto and relative targets only, and images are
/// shown as their alt text (the page's CSP would refuse remote images anyway).
enum RunbookHTML {
    /// `values` fill `{{NAME}}` in prose and links (never secrets: `env:` values are left out).
    static func render(_ source: String, values: [String: String] = [:]) -> HTML {
        var renderer = Renderer(values: values.filter { !$0.value.hasPrefix("env:") })
        return renderer.blocks(MarkdownParser.parse(source).children)
    }

    private struct Renderer {
        let values: [String: String]
        private var depth = 0

        init(values: [String: String]) { self.values = values }

        func fill(_ s: String) -> String { values.isEmpty ? s : PlaceholderScanner.substitute(s, values) }

        mutating func blocks(_ blocks: [BlockNode]) -> HTML {
            .join(blocks.map { block($0) })
        }

        mutating func block(_ block: BlockNode) -> HTML {
            depth += 1
            defer { depth -= 1 }
            guard depth < 200 else { return .empty }
            switch block.kind {
            case .document:
                return blocks(block.children)
            case .frontMatter:
                return .empty
            case .heading(let level, let inlines):
                // The page's own headings go to h2; runbook headings sit below them.
                let content = [self.inlines(inlines)]
                switch level {
                case ...1: return .element("h3", [], content)
                case 2: return .element("h4", [], content)
                case 3: return .element("h5", [], content)
                default: return .element("h6", [], content)
                }
            case .paragraph(let inlines):
                return .element("p", [], [self.inlines(inlines)])
            case .list(let ordered, let start, _):
                let items = blocks(block.children)
                guard ordered else { return .element("ul", [], [items]) }
                return .element("ol", [.attr("start", start.flatMap { $0 == 1 ? nil : String($0) })], [items])
            case .listItem(_, let task):
                var children = block.children
                var content: [HTML] = []
                if let task {
                    let label = task == .done ? "☑ " : "☐ "
                    content.append(.element("span", [.class("task-box"), .aria("hidden", "true")], [.text(label)]))
                }
                if let first = children.first, case .paragraph(let p) = first.kind {
                    content.append(inlines(p))
                    children.removeFirst()
                }
                content.append(blocks(children))
                return .element("li", [.class(task == nil ? nil : "task")], content)
            case .blockQuote:
                return .element("blockquote", [], [blocks(block.children)])
            case .codeBlock(let info, let content, _):
                let language = info?.split(separator: " ").first.map { "language-" + String($0) }
                return .element("pre", [], [.element("code", [.class(language)], [.text(content)])])
            case .htmlBlock(let html):
                if html.trimmingCharactersInSpaceForWeb().hasPrefix("<!--") { return .empty }
                return .element("pre", [.class("raw-html")], [.text(html)])
            case .table(let header, _, let rows):
                let head = HTML.element("thead", [], [.element("tr", [], header.cells.map { .element("th", [.attr("scope", "col")], [inlines($0.inlines)]) })])
                let body = HTML.element("tbody", [], rows.map { row in .element("tr", [], row.cells.map { .element("td", [], [inlines($0.inlines)]) }) })
                return .element("div", [.class("table-scroll")], [.element("table", [], [head, body])])
            case .thematicBreak:
                return .void("hr")
            }
        }

        func inlines(_ inlines: [Inline], depth: Int = 0) -> HTML {
            guard depth < 100 else { return .text(inlines.plainText) }
            return .join(inlines.map { inline -> HTML in
                switch inline {
                case .text(let t): return .text(fill(t))
                case .code(let c): return .element("code", [], [.text(c)])
                case .emphasis(let c): return .element("em", [], [self.inlines(c, depth: depth + 1)])
                case .strong(let c): return .element("strong", [], [self.inlines(c, depth: depth + 1)])
                case .strikethrough(let c): return .element("del", [], [self.inlines(c, depth: depth + 1)])
                case .link(let text, let destination, let title):
                    return .element("a", [.href(fill(destination)), .attr("title", title), .attr("rel", "noopener noreferrer")], [self.inlines(text, depth: depth + 1)])
                case .image(let alt, _, _):
                    return .element("span", [.class("image-alt")], [.text("[image: \(alt.plainText)]")])
                case .autolink(let url):
                    let href = url.lowercased().hasPrefix("www.") ? "https://\(url)" : url
                    return .element("a", [.href(href), .attr("rel", "noopener noreferrer")], [.text(url)])
                case .html(let h):
                    // Raw inline HTML is shown, never interpreted; comments are dropped.
                    return h.hasPrefix("<!--") ? .empty : .text(h)
                case .softBreak: return .text("\n")
                case .lineBreak: return .void("br")
                }
            })
        }
    }
}

extension String {
    func trimmingCharactersInSpaceForWeb() -> String {
        String(drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
    }
}
