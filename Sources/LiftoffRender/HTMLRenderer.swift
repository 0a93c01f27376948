import Foundation
import LiftoffKit
import LiftoffMarkdown

/// Renders a runbook as a standalone HTML page. Runbook text is untrusted: every text is
/// escaped, raw HTML is shown as text (never interpreted), comments are dropped, and only
/// http(s), mailto and relative links survive. A strict Content-Security-Policy forbids scripts.
public enum HTMLRenderer {
    public static func page(_ text: String, title: String?, vars: LaunchVariables?) -> String {
        let document = MarkdownParser.parse(text)
        let values = vars?.values.filter { !$0.value.hasPrefix("env:") } ?? [:]
        var renderer = Renderer(values: values)
        renderer.blocks(document.children)
        let pageTitle = escape(title ?? "Runbook")
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src https: data:">
        <meta name="referrer" content="no-referrer">
        <title>\(pageTitle)</title>
        <style>
        body{font:16px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
        table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left}
        pre{background:#f6f8fa;padding:.8rem;overflow:auto}code{background:#f6f8fa;padding:0 .2rem}
        blockquote{border-left:4px solid #d0d7de;margin:0;padding-left:1rem;color:#57606a}
        li.task{list-style:none}li.task input{margin-right:.4rem}.missing{background:#fff3cd}
        .frontmatter{display:none}
        </style>
        </head>
        <body>
        \(renderer.out)</body>
        </html>

        """
    }

    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Only schemes that cannot run code; anything else becomes `#`.
    static func safeURL(_ url: String) -> String {
        let trimmed = url.trimmingCharactersInSpace()
        let lower = trimmed.lowercased().filter { !$0.isWhitespace && !$0.isNewline && $0 != "\0" }
        if let colon = lower.firstIndex(of: ":") {
            let scheme = lower[..<colon]
            let slash = lower.firstIndex(of: "/") ?? lower.endIndex
            if colon < slash, !["http", "https", "mailto"].contains(String(scheme)) { return "#" }
        }
        return trimmed
    }

    private struct Renderer {
        let values: [String: String]
        var out = ""
        private var depth = 0

        init(values: [String: String]) {
            self.values = values
        }

        /// Variables filled in prose; `{{MISSING}}` stays visible and marked.
        func fill(_ s: String) -> String {
            let substituted = PlaceholderScanner.substitute(s, values)
            var html = escape(substituted)
            if substituted.contains("{{") {
                for hit in Set(PlaceholderScanner.variables(in: Substring(substituted)).map(\.text)) {
                    html = html.replacingOccurrences(of: "{{\(hit)}}", with: "<span class=\"missing\">{{\(hit)}}</span>")
                }
            }
            return html
        }

        mutating func blocks(_ blocks: [BlockNode]) {
            for block in blocks { self.block(block) }
        }

        mutating func block(_ block: BlockNode) {
            depth += 1
            defer { depth -= 1 }
            guard depth < 200 else { return }
            switch block.kind {
            case .document:
                blocks(block.children)
            case .frontMatter:
                break
            case .heading(let level, let inlines):
                let l = min(max(level, 1), 6)
                out += "<h\(l)>\(self.inlines(inlines))</h\(l)>\n"
            case .paragraph(let inlines):
                out += "<p>\(self.inlines(inlines))</p>\n"
            case .list(let ordered, let start, _):
                if ordered {
                    out += start.map { $0 == 1 ? "<ol>\n" : "<ol start=\"\($0)\">\n" } ?? "<ol>\n"
                } else {
                    out += "<ul>\n"
                }
                blocks(block.children)
                out += ordered ? "</ol>\n" : "</ul>\n"
            case .listItem(_, let task):
                if let task {
                    out += "<li class=\"task\"><input type=\"checkbox\" disabled\(task == .done ? " checked" : "")>"
                } else {
                    out += "<li>"
                }
                // Tight items render their first paragraph inline.
                var children = block.children
                if let first = children.first, case .paragraph(let p) = first.kind {
                    out += self.inlines(p)
                    children.removeFirst()
                    if !children.isEmpty { out += "\n" }
                }
                blocks(children)
                out += "</li>\n"
            case .blockQuote:
                out += "<blockquote>\n"
                blocks(block.children)
                out += "</blockquote>\n"
            case .codeBlock(let info, let content, _):
                let language = info?.split(separator: " ").first.map { " class=\"language-\(escape(String($0)))\"" } ?? ""
                // Code is shown as written: variables are substituted only where commands run.
                out += "<pre><code\(language)>\(escape(content))</code></pre>\n"
            case .htmlBlock(let html):
                let visible = html.trimmingCharactersInSpace()
                if visible.hasPrefix("<!--") { return }
                out += "<pre class=\"raw-html\">\(escape(html))</pre>\n"
            case .table(let header, let alignments, let rows):
                out += "<table>\n<thead><tr>"
                for (i, cell) in header.cells.enumerated() {
                    out += "<th\(align(alignments, i))>\(inlines(cell.inlines))</th>"
                }
                out += "</tr></thead>\n<tbody>\n"
                for row in rows {
                    out += "<tr>"
                    for (i, cell) in row.cells.enumerated() {
                        out += "<td\(align(alignments, i))>\(inlines(cell.inlines))</td>"
                    }
                    out += "</tr>\n"
                }
                out += "</tbody>\n</table>\n"
            case .thematicBreak:
                out += "<hr>\n"
            }
        }

        private func align(_ alignments: [TableAlignment], _ i: Int) -> String {
            guard i < alignments.count else { return "" }
            switch alignments[i] {
            case .left: return " style=\"text-align:left\""
            case .center: return " style=\"text-align:center\""
            case .right: return " style=\"text-align:right\""
            case .none: return ""
            }
        }

        func inlines(_ inlines: [Inline], depth: Int = 0) -> String {
            guard depth < 100 else { return escape(inlines.plainText) }
            var s = ""
            for inline in inlines {
                switch inline {
                case .text(let t): s += fill(t)
                case .code(let c): s += "<code>\(fill(c))</code>"
                case .emphasis(let c): s += "<em>\(self.inlines(c, depth: depth + 1))</em>"
                case .strong(let c): s += "<strong>\(self.inlines(c, depth: depth + 1))</strong>"
                case .strikethrough(let c): s += "<del>\(self.inlines(c, depth: depth + 1))</del>"
                case .link(let text, let destination, let title):
                    let titleAttribute = title.map { " title=\"\(escape($0))\"" } ?? ""
                    s += "<a href=\"\(escape(safeURL(PlaceholderScanner.substitute(destination, values))))\"\(titleAttribute) rel=\"noopener noreferrer\">\(self.inlines(text, depth: depth + 1))</a>"
                case .image(let alt, let destination, _):
                    s += "<img src=\"\(escape(safeURL(destination)))\" alt=\"\(escape(alt.plainText))\">"
                case .autolink(let url):
                    let href = url.lowercased().hasPrefix("www.") ? "https://\(url)" : url
                    s += "<a href=\"\(escape(safeURL(href)))\" rel=\"noopener noreferrer\">\(escape(url))</a>"
                case .html(let h):
                    // Raw inline HTML is shown, never interpreted; comments are dropped.
                    if !h.hasPrefix("<!--") { s += escape(h) }
                case .softBreak: s += "\n"
                case .lineBreak: s += "<br>\n"
                }
            }
            return s
        }
    }
}
