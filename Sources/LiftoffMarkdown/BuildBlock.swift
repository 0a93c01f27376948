/// A block while the block parser works on it: mutable and linked by indices into the
/// parser's arena, so adding lines and closing blocks never copies a subtree.
/// `MarkdownParser` turns the finished arena into `BlockNode`s.
struct BuildBlock {
    enum Kind: Equatable {
        case document, blockQuote, list, item, paragraph, heading, fencedCode, indentedCode, htmlBlock, table, thematicBreak
    }

    var kind: Kind
    var parent: Int
    var children: [Int] = []
    var isOpen = true
    var position: SourcePosition
    var endLine: Int
    /// Container nesting depth (block quotes, lists, items), capped by the parser.
    var depth = 0
    var lines: [SourceLine] = []
    /// Code lines with partially consumed tabs already expanded to spaces.
    var codeLines: [String] = []
    var lastLineBlank = false
    var lastLineChecked = false

    // Lists and items.
    var ordered = false
    var bulletChar: Unicode.Scalar = "-"
    var delimiter: Unicode.Scalar = "."
    var start = 0
    var markerOffset = 0
    var padding = 0
    var tight = true
    var task: TaskState?

    // Headings.
    var level = 0

    // Fenced code.
    var fenceChar: Unicode.Scalar = "`"
    var fenceLength = 0
    var fenceOffset = 0
    var info = ""

    // HTML blocks: CommonMark kind 1...7.
    var htmlKind = 0

    // Tables.
    var alignments: [TableAlignment] = []

    init(kind: Kind, parent: Int, position: SourcePosition) {
        self.kind = kind
        self.parent = parent
        self.position = position
        self.endLine = position.line
    }

    func canContain(_ child: Kind) -> Bool {
        switch kind {
        case .document, .blockQuote, .item: return child != .item
        case .list: return child == .item
        default: return false
        }
    }

    var isContainer: Bool { kind == .document || kind == .blockQuote || kind == .list || kind == .item }
}
