import LiftoffKit
import LiftoffMarkdown

/// A runbook's Markdown as HTML, the one renderer behind `liftoff render` and the war room's
/// runbook panel. Runbook text is untrusted, and everything is built with `HTML`, so nothing can
/// skip escaping: raw HTML is shown as text (never interpreted), comments are dropped, and links
/// keep only http(s), mailto and relative targets (`SafeURL`). The two callers differ only in
/// `Options`.
public enum MarkdownHTML {
    public struct Options: Sendable {
        public enum TaskBoxes: Sendable { case checkboxes, glyphs }
        public enum Placeholders: Sendable { case markMissing, fillKnown }
        public enum Images: Sendable { case embedded, altText }

        /// Added to each heading's level (at most `h6`), so the runbook sits below the page's own headings.
        public var headingOffset = 0
        /// `checkboxes`: disabled `<input type="checkbox">`; `glyphs`: ☑ / ☐ (hidden from screen readers).
        public var taskBoxes = TaskBoxes.checkboxes
        /// `markMissing`: variables filled in prose, links and inline code, and a `{{NAME}}` with no
        /// value shown marked (`span.missing`); `fillKnown`: filled in prose and links, the rest as written.
        public var placeholders = Placeholders.markMissing
        /// `altText`: an image shows as `[image: alt]` (for pages whose CSP refuses remote images).
        public var images = Images.embedded
        /// A newline after each block, so the page's source reads line by line.
        public var lineBreaks = true

        public init() {}

        /// A standalone page (`liftoff render --format html`).
        public static let page = Options()

        /// Inside another page (the war room): headings from `h3`, glyph task boxes, known
        /// variables only, images as their alt text.
        public static let embedded: Options = {
            var o = Options()
            o.headingOffset = 2
            o.taskBoxes = .glyphs
            o.placeholders = .fillKnown
            o.images = .altText
            o.lineBreaks = false
            return o
        }()
    }

    /// `values` fill `{{NAME}}` (never secrets: `env:` values are left out). Code blocks are shown
    /// as written: variables are filled only where commands run.
    public static func render(_ source: String, values: [String: String] = [:], options: Options = .page) -> HTML {
        var renderer = Renderer(values: values.filter { !$0.value.hasPrefix("env:") }, options: options)
        return renderer.blocks(MarkdownParser.parse(source).children)
    }

    private struct Renderer {
        let values: [String: String]
        let options: Options
        private var depth = 0

        init(values: [String: String], options: Options) {
            self.values = values
            self.options = options
        }

        /// The newline after a block, when the options ask for one.
        var newline: HTML { options.lineBreaks ? .text("\n") : .empty }

        func substituted(_ s: String) -> String { values.isEmpty ? s : PlaceholderScanner.substitute(s, values) }

        /// Prose with its variables filled; under `markMissing` a `{{NAME}}` left over is marked.
        func fill(_ s: String) -> HTML {
            let text = substituted(s)
            guard options.placeholders == .markMissing, text.contains("{{") else { return .text(text) }
            let names = Set(PlaceholderScanner.variables(in: Substring(text)).map(\.text))
            guard !names.isEmpty else { return .text(text) }
            return Self.marking(text, names)
        }

        /// `text` with each `{{name}}` of `names` wrapped in `span.missing`.
        static func marking(_ text: String, _ names: Set<String>) -> HTML {
            var parts: [HTML] = []
            var plain = ""
            var rest = Substring(text)
            outer: while !rest.isEmpty {
                if rest.hasPrefix("{{") {
                    for name in names where rest.dropFirst(2).hasPrefix(name) && rest.dropFirst(2 + name.count).hasPrefix("}}") {
                        parts.append(.text(plain))
                        plain = ""
                        parts.append(.element("span", [.class("missing")], [.text("{{\(name)}}")]))
                        rest = rest.dropFirst(4 + name.count)
                        continue outer
                    }
                }
                plain.append(rest.removeFirst())
            }
            parts.append(.text(plain))
            return .join(parts)
        }

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
                return heading(min(max(level, 1) + options.headingOffset, 6), self.inlines(inlines)) + newline
            case .paragraph(let inlines):
                return .element("p", [], [self.inlines(inlines)]) + newline
            case .list(let ordered, let start, _):
                let items = blocks(block.children)
                guard ordered else { return .element("ul", [], [newline, items]) + newline }
                return .element("ol", [.attr("start", start.flatMap { $0 == 1 ? nil : String($0) })], [newline, items]) + newline
            case .listItem(_, let task):
                var children = block.children
                var content: [HTML] = []
                if let task { content.append(taskBox(done: task == .done)) }
                // Tight items render their first paragraph inline.
                if let first = children.first, case .paragraph(let p) = first.kind {
                    content.append(inlines(p))
                    children.removeFirst()
                    if !children.isEmpty { content.append(newline) }
                }
                content.append(blocks(children))
                return .element("li", [.class(task == nil ? nil : "task")], content) + newline
            case .blockQuote:
                return .element("blockquote", [], [newline, blocks(block.children)]) + newline
            case .codeBlock(let info, let content, _):
                let language = info?.split(separator: " ").first.map { "language-" + String($0) }
                return .element("pre", [], [.element("code", [.class(language)], [.text(content)])]) + newline
            case .htmlBlock(let html):
                if html.trimmingCharactersInSpace().hasPrefix("<!--") { return .empty }
                return .element("pre", [.class("raw-html")], [.text(html)]) + newline
            case .table(let header, let alignments, let rows):
                func align(_ i: Int) -> Attribute {
                    guard i < alignments.count else { return .class(nil) }
                    switch alignments[i] {
                    case .left: return .class("align-left")
                    case .center: return .class("align-center")
                    case .right: return .class("align-right")
                    case .none: return .class(nil)
                    }
                }
                let headRow = HTML.element("tr", [], header.cells.enumerated().map { i, cell in
                    .element("th", [.attr("scope", "col"), align(i)], [inlines(cell.inlines)])
                })
                let bodyRows = rows.map { row in
                    HTML.element("tr", [], row.cells.enumerated().map { i, cell in .element("td", [align(i)], [inlines(cell.inlines)]) }) + newline
                }
                let table = HTML.element("table", [], [newline, .element("thead", [], [headRow]), newline,
                                                       .element("tbody", [], [newline] + bodyRows), newline])
                return .element("div", [.class("table-scroll")], [table]) + newline
            case .thematicBreak:
                return .void("hr") + newline
            }
        }

        func heading(_ level: Int, _ content: HTML) -> HTML {
            switch level {
            case ...1: return .element("h1", [], [content])
            case 2: return .element("h2", [], [content])
            case 3: return .element("h3", [], [content])
            case 4: return .element("h4", [], [content])
            case 5: return .element("h5", [], [content])
            default: return .element("h6", [], [content])
            }
        }

        func taskBox(done: Bool) -> HTML {
            switch options.taskBoxes {
            case .checkboxes:
                return .void("input", [.attr("type", "checkbox"), .flag("disabled"), .flag("checked", done)])
            case .glyphs:
                return .element("span", [.class("task-box"), .aria("hidden", "true")], [.text(done ? "☑ " : "☐ ")])
            }
        }

        func inlines(_ inlines: [Inline], depth: Int = 0) -> HTML {
            guard depth < 100 else { return .text(inlines.plainText) }
            return .join(inlines.map { inline -> HTML in
                switch inline {
                case .text(let t): return fill(t)
                case .code(let c): return .element("code", [], [options.placeholders == .markMissing ? fill(c) : .text(c)])
                case .emphasis(let c): return .element("em", [], [self.inlines(c, depth: depth + 1)])
                case .strong(let c): return .element("strong", [], [self.inlines(c, depth: depth + 1)])
                case .strikethrough(let c): return .element("del", [], [self.inlines(c, depth: depth + 1)])
                case .link(let text, let destination, let title):
                    return .element("a", [.href(substituted(destination)), .attr("title", title), .attr("rel", "noopener noreferrer")],
                                    [self.inlines(text, depth: depth + 1)])
                case .image(let alt, let destination, _):
                    switch options.images {
                    case .embedded: return .void("img", [.attr("src", SafeURL.filter(destination)), .attr("alt", alt.plainText)])
                    case .altText: return .element("span", [.class("image-alt")], [.text("[image: \(alt.plainText)]")])
                    }
                case .autolink(let url):
                    let href = url.lowercased().hasPrefix("www.") ? "https://\(url)" : url
                    return .element("a", [.href(href), .attr("rel", "noopener noreferrer")], [.text(url)])
                case .html(let h):
                    // Raw inline HTML is shown, never interpreted; comments are dropped.
                    return h.hasPrefix("<!--") ? .empty : .text(h)
                case .softBreak: return .text("\n")
                case .lineBreak: return .void("br") + newline
                }
            })
        }
    }
}
