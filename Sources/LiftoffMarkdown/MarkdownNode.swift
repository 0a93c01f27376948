/// A position in a source file: 1-based line and 1-based column (in Unicode scalars of the line,
/// tabs counting as one column), as an editor shows it.
public struct SourcePosition: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// Task-list state of a list item (`- [ ]` / `- [x]`).
public enum TaskState: Hashable, Sendable, Codable {
    case open
    case done
}

/// Column alignment of a pipe table.
public enum TableAlignment: Hashable, Sendable, Codable {
    case none, left, center, right
}

/// One cell of a pipe table: its inline content, its raw text (trimmed, `\|` unescaped) and where it starts.
public struct TableCell: Hashable, Sendable {
    public var inlines: [Inline]
    public var raw: String
    public var position: SourcePosition

    public init(inlines: [Inline], raw: String, position: SourcePosition) {
        self.inlines = inlines
        self.raw = raw
        self.position = position
    }

    /// The cell's text with markup removed (what a reader sees).
    public var plainText: String { inlines.plainText }
}

/// One row of a pipe table.
public struct TableRow: Hashable, Sendable {
    public var cells: [TableCell]
    public var line: Int

    public init(cells: [TableCell], line: Int) {
        self.cells = cells
        self.line = line
    }
}

/// A line of a leaf block's source text, kept with the position of its first character
/// (after the container prefixes such as `> ` or list indentation were removed).
public struct SourceLine: Hashable, Sendable {
    public var text: Substring
    public var position: SourcePosition

    public init(text: Substring, position: SourcePosition) {
        self.text = text
        self.position = position
    }
}

/// What kind of block a `BlockNode` is, with the data that only that kind has.
public enum BlockKind: Hashable, Sendable {
    case document
    /// YAML front matter between `---` lines at the very start of the file (raw, not parsed).
    case frontMatter(yaml: String)
    /// ATX (`## x`) or setext (underlined) heading.
    case heading(level: Int, inlines: [Inline])
    case paragraph(inlines: [Inline])
    /// `ordered`: `1.`/`1)` lists; `start` is the first number of an ordered list.
    /// `tight`: no blank lines between items, as CommonMark defines it.
    case list(ordered: Bool, start: Int?, tight: Bool)
    /// A list item. Its children are its blocks (first paragraph, nested lists, code, ...).
    /// `task` is set when the item's first paragraph started with `[ ]` or `[x]`/`[X]`
    /// (that marker is removed from the paragraph). `marker` is `-`, `*`, `+`, `1.`, `2)` ...
    case listItem(marker: String, task: TaskState?)
    case blockQuote
    /// Fenced (``` or ~~~) or indented code. `info` is the full info string (nil when empty),
    /// `content` the code with its trailing newline, as cmark-gfm reports it.
    case codeBlock(info: String?, content: String, fenced: Bool)
    /// An HTML block (including `<!-- ... -->` comments spanning lines), raw text.
    case htmlBlock(html: String)
    case table(header: TableRow, alignments: [TableAlignment], rows: [TableRow])
    case thematicBreak
}

/// A node of the Markdown block tree. Every node knows the lines it spans
/// and keeps the source lines of leaf blocks so later stages can point at exact columns.
public struct BlockNode: Hashable, Sendable {
    public var kind: BlockKind
    /// Where the block starts (its first non-indent character, e.g. the `#` or the list marker).
    public var position: SourcePosition
    /// Last source line (inclusive) that belongs to this block.
    public var endLine: Int
    public var children: [BlockNode]
    /// For headings, paragraphs and table/code/html blocks: the content lines as they appear
    /// after container prefixes are removed. Empty for containers.
    public var lines: [SourceLine]

    public init(kind: BlockKind, position: SourcePosition, endLine: Int, children: [BlockNode] = [], lines: [SourceLine] = []) {
        self.kind = kind
        self.position = position
        self.endLine = endLine
        self.children = children
        self.lines = lines
    }
}

/// Inline content of headings, paragraphs and table cells.
public indirect enum Inline: Hashable, Sendable {
    case text(String)
    case code(String)
    case emphasis([Inline])
    case strong([Inline])
    case strikethrough([Inline])
    case link(text: [Inline], destination: String, title: String?)
    case image(alt: [Inline], destination: String, title: String?)
    /// Autolinks `<https://…>` and GFM bare URLs (`https://…`, `www.…`).
    case autolink(String)
    /// Raw inline HTML, including comments such as `<!-- liftoff: … -->`.
    case html(String)
    case softBreak
    case lineBreak
}

extension Array where Element == Inline {
    /// Text as a reader sees it: markup removed, code spans kept as their content,
    /// HTML dropped, soft breaks as spaces.
    public var plainText: String {
        var out = ""
        for inline in self {
            switch inline {
            case .text(let s), .code(let s): out += s
            case .emphasis(let c), .strong(let c), .strikethrough(let c): out += c.plainText
            case .link(let text, _, _): out += text.plainText
            case .image(let alt, _, _): out += alt.plainText
            case .autolink(let url): out += url
            case .html: break
            case .softBreak, .lineBreak: out += " "
            }
        }
        return out
    }
}
