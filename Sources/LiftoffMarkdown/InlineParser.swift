/// Parses the inline content of a paragraph, heading or table cell (CommonMark 0.31 + GFM
/// strikethrough and bare URLs).
///
/// ```swift
/// let inlines = InlineParser.parse("**Owner:** SRE <!-- liftoff: check -->")
/// inlines.plainText  // "Owner: SRE "
/// ```
public enum InlineParser {
    public static func parse(_ text: String) -> [Inline] {
        parse(text, references: [:])
    }

    /// Parses with a reference map (normalized label → definition) so `[text][ref]` resolves.
    static func parse(_ text: String, references: [String: LinkSyntax.Reference]) -> [Inline] {
        if let plain = plainTextFastPath(text) { return plain }
        var scalars = Array(text.unicodeScalars)
        // CommonMark: U+0000 is replaced, for security, by U+FFFD.
        for i in scalars.indices where scalars[i] == "\u{0}" { scalars[i] = "\u{FFFD}" }
        var scanner = InlineScanner(scalars, references: references)
        return scanner.run()
    }
}

extension InlineParser {
    /// Most table cells and many lines hold no markup at all: skip building a scanner for them.
    static func plainTextFastPath(_ text: String) -> [Inline]? {
        var lastNonSpace = text.unicodeScalars.startIndex
        var sawContent = false
        var previous: Unicode.Scalar = " "
        let view = text.unicodeScalars
        var i = view.startIndex
        while i < view.endIndex {
            let c = view[i]
            switch c {
            case "\n", "\r", "\\", "`", "*", "_", "~", "[", "]", "!", "<", "&", ":", "\u{0}":
                return nil
            case "w" where previous.isMarkdownWhitespace || previous == "(":
                return nil
            default:
                break
            }
            if !c.isMarkdownWhitespace {
                sawContent = true
                lastNonSpace = view.index(after: i)
            }
            previous = c
            i = view.index(after: i)
        }
        guard sawContent else { return [] }
        return [.text(lastNonSpace == view.endIndex ? text : String(text.unicodeScalars[..<lastNonSpace]))]
    }
}

/// The working state of one inline parse: a doubly linked list of pieces (so emphasis and
/// links can wrap a range in O(1)), the delimiter stack and the bracket stack of the spec's
/// appendix algorithm.
struct InlineScanner {
    /// Deeper nesting of emphasis/links is flattened to text: deep `Inline` values would
    /// recurse in `==`, `hash` and deinit.
    static let maxDepth = 48

    /// Links keep their target in `linkTargets` so every piece stays small.
    private enum ContainerKind {
        case emphasis, strong, strikethrough
        case link(Int)
        case image(Int)
    }

    private enum Piece {
        case text(String)
        /// A delimiter run; its current length lives in `delimiters[index]`.
        case delimiter(Unicode.Scalar, Int)
        case leaf(Inline)
        case container(ContainerKind, head: Int, tail: Int)
    }

    private struct Delimiter {
        var piece: Int
        var char: Unicode.Scalar
        var count: Int
        var originalCount: Int
        var canOpen: Bool
        var canClose: Bool
        var previous: Int
        var next: Int
    }

    private struct Bracket {
        var piece: Int
        var image: Bool
        /// Index just after `[`.
        var labelStart: Int
        var previousDelimiter: Int
    }

    private struct BottomKey: Hashable {
        var char: Unicode.Scalar
        var canOpen: Bool
        var mod3: Int
    }

    private let s: [Unicode.Scalar]
    private let references: [String: LinkSyntax.Reference]
    private var pos = 0
    private var pieces: [Piece] = []
    private var nextPiece: [Int] = []
    private var previousPiece: [Int] = []
    private var head = -1
    private var tail = -1
    private var delimiters: [Delimiter] = []
    private var delimiterTop = -1
    private var brackets: [Bracket] = []
    /// Non-image brackets below this stack index are inactive (a link was closed after them).
    private var inactiveBelow = 0
    private var linkTargets: [LinkSyntax.Reference] = []
    private var backtickRuns: [Int: [Int]]?
    private var failedSearches: [String: Int] = [:]

    init(_ s: [Unicode.Scalar], references: [String: LinkSyntax.Reference]) {
        var end = s.count
        while end > 0, s[end - 1].isMarkdownWhitespace { end -= 1 }
        self.s = end == s.count ? s : Array(s[0..<end])
        self.references = references
    }

    mutating func run() -> [Inline] {
        while pos < s.count { parseOne() }
        processEmphasis(bottom: -1)
        var out: [Inline] = []
        emit(from: head, depth: 0, into: &out)
        return out
    }

    // MARK: Pieces

    @discardableResult
    private mutating func append(_ piece: Piece) -> Int {
        let id = pieces.count
        pieces.append(piece)
        previousPiece.append(tail)
        nextPiece.append(-1)
        if tail >= 0 { nextPiece[tail] = id } else { head = id }
        tail = id
        return id
    }

    private mutating func appendText(_ text: String) {
        append(.text(text))
    }

    private mutating func unlink(_ id: Int) {
        let p = previousPiece[id], n = nextPiece[id]
        if p >= 0 { nextPiece[p] = n } else if head == id { head = n }
        if n >= 0 { previousPiece[n] = p } else if tail == id { tail = p }
        previousPiece[id] = -1
        nextPiece[id] = -1
    }

    /// Wraps the pieces strictly between `first` and `last` (both stay) in a new container.
    private mutating func wrapBetween(_ first: Int, _ last: Int, kind: ContainerKind) {
        let innerHead = nextPiece[first]
        let innerTail = previousPiece[last]
        let empty = innerHead == last
        let id = pieces.count
        pieces.append(.container(kind, head: empty ? -1 : innerHead, tail: empty ? -1 : innerTail))
        previousPiece.append(first)
        nextPiece.append(last)
        if !empty {
            previousPiece[innerHead] = -1
            nextPiece[innerTail] = -1
        }
        nextPiece[first] = id
        previousPiece[last] = id
    }

    // MARK: Dispatch

    private func peek(_ i: Int) -> Unicode.Scalar? { i < s.count ? s[i] : nil }

    private mutating func parseOne() {
        let c = s[pos]
        switch c {
        case "\n": parseNewline()
        case "\\": parseBackslash()
        case "`": parseBackticks()
        case "*", "_", "~": parseDelimiterRun(c)
        case "[":
            let id = append(.text("["))
            pushBracket(id, image: false, labelStart: pos + 1)
            pos += 1
        case "!":
            if peek(pos + 1) == "[" {
                let id = append(.text("!["))
                pushBracket(id, image: true, labelStart: pos + 2)
                pos += 2
            } else {
                appendText("!")
                pos += 1
            }
        case "]": parseCloseBracket()
        case "<": parseAngle()
        case "&":
            if let (text, end) = Entities.decode(s, at: pos) {
                appendText(text)
                pos = end
            } else {
                appendText("&")
                pos += 1
            }
        default:
            if atWordStart(pos), let end = bareURLEnd(at: pos) {
                append(.leaf(.autolink(String(scalars: s[pos..<end]))))
                pos = end
            } else {
                parseText()
            }
        }
    }

    private func isSpecial(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "\n", "\\", "`", "*", "_", "~", "[", "]", "!", "<", "&": return true
        default: return false
        }
    }

    private mutating func parseText() {
        let start = pos
        pos += 1
        while pos < s.count {
            let c = s[pos]
            if isSpecial(c) { break }
            if c == "h" || c == "w" || c == "f", atWordStart(pos), bareURLEnd(at: pos) != nil { break }
            pos += 1
        }
        appendText(String(scalars: s[start..<pos]))
    }

    // MARK: Line breaks and escapes

    private mutating func parseNewline() {
        pos += 1
        var hard = false
        if tail >= 0, case .text(let text) = pieces[tail] {
            var scalars = Array(text.unicodeScalars)
            var spaces = 0
            while let last = scalars.last, last == " " {
                scalars.removeLast()
                spaces += 1
            }
            if spaces > 0 {
                hard = spaces >= 2
                pieces[tail] = .text(String(scalars: scalars))
            }
        }
        append(.leaf(hard ? .lineBreak : .softBreak))
        skipLeadingSpaces()
    }

    private mutating func skipLeadingSpaces() {
        while pos < s.count, s[pos].isSpaceOrTab { pos += 1 }
    }

    private mutating func parseBackslash() {
        pos += 1
        if let c = peek(pos) {
            if c == "\n" {
                append(.leaf(.lineBreak))
                pos += 1
                skipLeadingSpaces()
                return
            }
            if c.isASCIIPunctuation {
                appendText(String(c))
                pos += 1
                return
            }
        }
        appendText("\\")
    }

    // MARK: Code spans

    private mutating func parseBackticks() {
        let start = pos
        while pos < s.count, s[pos] == "`" { pos += 1 }
        let length = pos - start
        guard let closer = findBacktickRun(length: length, from: pos) else {
            appendText(String(repeating: "`", count: length))
            return
        }
        var content = Array(s[pos..<closer])
        for i in content.indices where content[i] == "\n" { content[i] = " " }
        if content.count >= 2, content.first == " ", content.last == " ", content.contains(where: { $0 != " " }) {
            content = Array(content[1..<(content.count - 1)])
        }
        append(.leaf(.code(String(scalars: content))))
        pos = closer + length
    }

    /// Start of the first backtick run of exactly `length` at or after `from`. The runs are
    /// indexed once per subject, so unmatched openers cost a binary search, not a rescan.
    private mutating func findBacktickRun(length: Int, from: Int) -> Int? {
        if backtickRuns == nil {
            var runs: [Int: [Int]] = [:]
            var i = 0
            while i < s.count {
                if s[i] == "`" {
                    let runStart = i
                    while i < s.count, s[i] == "`" { i += 1 }
                    runs[i - runStart, default: []].append(runStart)
                } else {
                    i += 1
                }
            }
            backtickRuns = runs
        }
        guard let starts = backtickRuns?[length] else { return nil }
        var lo = 0, hi = starts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if starts[mid] < from { lo = mid + 1 } else { hi = mid }
        }
        return lo < starts.count ? starts[lo] : nil
    }

    // MARK: Emphasis and strikethrough

    private mutating func parseDelimiterRun(_ c: Unicode.Scalar) {
        let start = pos
        while pos < s.count, s[pos] == c { pos += 1 }
        let count = pos - start
        let before: Unicode.Scalar = start > 0 ? s[start - 1] : "\n"
        let after: Unicode.Scalar = pos < s.count ? s[pos] : "\n"
        let afterSpace = after.isMarkdownWhitespace, afterPunct = after.isMarkdownPunctuation
        let beforeSpace = before.isMarkdownWhitespace, beforePunct = before.isMarkdownPunctuation
        let leftFlanking = !afterSpace && (!afterPunct || beforeSpace || beforePunct)
        let rightFlanking = !beforeSpace && (!beforePunct || afterSpace || afterPunct)
        var canOpen = leftFlanking, canClose = rightFlanking
        if c == "_" {
            canOpen = leftFlanking && (!rightFlanking || beforePunct)
            canClose = rightFlanking && (!leftFlanking || afterPunct)
        }
        if c == "~", count > 2 {
            // GFM strikethrough takes one or two tildes only.
            canOpen = false
            canClose = false
        }
        let index = delimiters.count
        let piece = append(.delimiter(c, index))
        delimiters.append(Delimiter(piece: piece, char: c, count: count, originalCount: count,
                                    canOpen: canOpen, canClose: canClose, previous: delimiterTop, next: -1))
        if canOpen || canClose {
            if delimiterTop >= 0 { delimiters[delimiterTop].next = index }
            delimiterTop = index
        } else {
            delimiters[index].previous = -1
        }
    }

    private mutating func removeDelimiter(_ d: Int) {
        let p = delimiters[d].previous, n = delimiters[d].next
        if p >= 0 { delimiters[p].next = n }
        if n >= 0 { delimiters[n].previous = p } else if delimiterTop == d { delimiterTop = p }
    }

    /// The spec's "process emphasis" over delimiters above `bottom`, with the
    /// openers-bottom table so runs of unmatched delimiters stay linear.
    private mutating func processEmphasis(bottom: Int) {
        guard delimiterTop != bottom else { return }
        var closer = delimiterTop
        while closer >= 0, delimiters[closer].previous != bottom { closer = delimiters[closer].previous }
        var openersBottom: [BottomKey: Int] = [:]
        while closer >= 0 {
            let d = delimiters[closer]
            guard d.canClose else {
                closer = d.next
                continue
            }
            let key = BottomKey(char: d.char, canOpen: d.canOpen, mod3: d.originalCount % 3)
            let limit = openersBottom[key] ?? bottom
            var opener = d.previous
            var found = false
            while opener >= 0, opener != bottom, opener != limit {
                let o = delimiters[opener]
                if o.char == d.char, o.canOpen {
                    if d.char == "~" {
                        if o.count == d.count {
                            found = true
                            break
                        }
                    } else {
                        let oddMatch = (d.canOpen || o.canClose) && d.originalCount % 3 != 0
                            && (o.originalCount + d.originalCount) % 3 == 0
                        if !oddMatch {
                            found = true
                            break
                        }
                    }
                }
                opener = o.previous
            }
            if found {
                let kind: ContainerKind
                let use: Int
                if d.char == "~" {
                    use = d.count
                    kind = .strikethrough
                } else {
                    use = d.count >= 2 && delimiters[opener].count >= 2 ? 2 : 1
                    kind = use == 2 ? .strong : .emphasis
                }
                delimiters[opener].count -= use
                delimiters[closer].count -= use
                wrapBetween(delimiters[opener].piece, delimiters[closer].piece, kind: kind)
                // Delimiters between opener and closer can no longer match.
                delimiters[opener].next = closer
                delimiters[closer].previous = opener
                if delimiters[opener].count == 0 {
                    unlink(delimiters[opener].piece)
                    removeDelimiter(opener)
                }
                if delimiters[closer].count == 0 {
                    let next = delimiters[closer].next
                    unlink(delimiters[closer].piece)
                    removeDelimiter(closer)
                    closer = next
                }
            } else {
                openersBottom[key] = d.previous
                let next = d.next
                if !d.canOpen { removeDelimiter(closer) }
                closer = next
            }
        }
        while delimiterTop >= 0, delimiterTop != bottom { removeDelimiter(delimiterTop) }
    }

    // MARK: Links and images

    private mutating func pushBracket(_ piece: Int, image: Bool, labelStart: Int) {
        brackets.append(Bracket(piece: piece, image: image, labelStart: labelStart, previousDelimiter: delimiterTop))
    }

    private mutating func popBracket() {
        brackets.removeLast()
        inactiveBelow = min(inactiveBelow, brackets.count)
    }

    private mutating func parseCloseBracket() {
        let closePos = pos
        pos += 1
        guard let opener = brackets.last else {
            appendText("]")
            return
        }
        if !opener.image, brackets.count - 1 < inactiveBelow {
            popBracket()
            appendText("]")
            return
        }
        var target: LinkSyntax.Reference?
        if let (reference, end) = inlineLinkTail(at: pos) {
            target = reference
            pos = end
        } else if let (label, end) = LinkSyntax.scanLabel(s, at: pos) {
            // Full reference `[text][label]`: no fallback to a shortcut when the label is unknown.
            if let reference = references[LinkSyntax.normalizeLabel(label)] {
                target = reference
                pos = end
            }
        } else {
            // Collapsed `[label][]` or shortcut `[label]`: the bracket text is the label.
            let collapsed = peek(pos) == "[" && peek(pos + 1) == "]"
            if let (label, end) = LinkSyntax.scanLabel(s, at: opener.labelStart - 1), end == closePos + 1,
               let reference = references[LinkSyntax.normalizeLabel(label)] {
                target = reference
                if collapsed { pos += 2 }
            }
        }
        guard let link = target else {
            popBracket()
            appendText("]")
            return
        }
        processEmphasis(bottom: opener.previousDelimiter)
        linkTargets.append(link)
        let kind: ContainerKind = opener.image ? .image(linkTargets.count - 1) : .link(linkTargets.count - 1)
        let closer = append(.text(""))
        wrapBetween(opener.piece, closer, kind: kind)
        unlink(closer)
        unlink(opener.piece)
        popBracket()
        // Links may not contain links: every earlier `[` opener is now inert.
        if !opener.image { inactiveBelow = brackets.count }
    }

    /// `(dest "title")` right after `]`.
    private mutating func inlineLinkTail(at start: Int) -> (LinkSyntax.Reference, Int)? {
        guard peek(start) == "(" else { return nil }
        var i = skipWhitespace(start + 1)
        var destination = ""
        if peek(i) != ")" {
            guard let (dest, end) = LinkSyntax.scanDestination(s, at: i) else { return nil }
            destination = dest
            i = end
        }
        var title: String?
        let beforeTitle = i
        i = skipWhitespace(i)
        if i > beforeTitle, let (t, end) = scanTitle(at: i) {
            title = t
            i = skipWhitespace(end)
        }
        guard peek(i) == ")" else { return nil }
        return (LinkSyntax.Reference(destination: destination, title: title), i + 1)
    }

    /// A quoted title that ran to the end unclosed means every later one with that quote does
    /// too: remembering it keeps `[a](b "` repeated many times linear.
    private mutating func scanTitle(at i: Int) -> (String, Int)? {
        guard let quote = peek(i) else { return nil }
        let key = "title" + String(quote)
        if let failed = failedSearches[key], i >= failed { return nil }
        if let found = LinkSyntax.scanTitle(s, at: i) { return found }
        if quote == "\"" || quote == "'" { failedSearches[key] = min(i, failedSearches[key] ?? i) }
        return nil
    }

    private func skipWhitespace(_ from: Int) -> Int {
        var i = from
        while i < s.count, s[i] == " " || s[i] == "\t" || s[i] == "\n" { i += 1 }
        return i
    }

    // MARK: Autolinks and raw HTML

    private mutating func parseAngle() {
        if let end = autolinkEnd(at: pos) {
            append(.leaf(.autolink(String(scalars: s[(pos + 1)..<(end - 1)]))))
            pos = end
        } else if let end = HTMLScanner.scanInline(s, at: pos, failedSearches: &failedSearches) {
            append(.leaf(.html(String(scalars: s[pos..<end]))))
            pos = end
        } else {
            appendText("<")
            pos += 1
        }
    }

    /// `<scheme:…>` or `<user@host>`; returns the index after `>`.
    private func autolinkEnd(at start: Int) -> Int? {
        var i = start + 1
        // URI: scheme of 2–32 characters, then anything but spaces, controls and angle brackets.
        if let c = peek(i), c.isASCIILetter {
            var j = i + 1
            while j < s.count, s[j].isASCIIAlphanumeric || s[j] == "+" || s[j] == "." || s[j] == "-", j - i < 32 { j += 1 }
            if j - i >= 2, peek(j) == ":" {
                j += 1
                while j < s.count {
                    let d = s[j]
                    if d == ">" { return j + 1 }
                    if d == "<" || d.value <= 0x20 || d.value == 0x7F { break }
                    j += 1
                }
            }
        }
        // Email.
        while i < s.count, s[i].isASCIIAlphanumeric || Self.isEmailLocalSpecial(s[i]) { i += 1 }
        guard i > start + 1, peek(i) == "@" else { return nil }
        i += 1
        var labelLength = 0
        var sawLabel = false
        while i < s.count {
            let d = s[i]
            if d.isASCIIAlphanumeric || (d == "-" && labelLength > 0) {
                labelLength += 1
                if labelLength > 63 { return nil }
            } else if d == ".", labelLength > 0, s[i - 1] != "-" {
                labelLength = 0
            } else if d == ">", labelLength > 0, s[i - 1] != "-" {
                sawLabel = true
                break
            } else {
                return nil
            }
            i += 1
        }
        return sawLabel ? i + 1 : nil
    }

    private static func isEmailLocalSpecial(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case ".", "!", "#", "$", "%", "&", "'", "*", "+", "/", "=", "?", "^", "_", "`", "{", "|", "}", "~", "-": return true
        default: return false
        }
    }

    /// Bare URLs only start at the beginning of a word (GFM autolink extension).
    private func atWordStart(_ i: Int) -> Bool {
        guard i > 0 else { return true }
        let b = s[i - 1]
        return b.isMarkdownWhitespace || b == "*" || b == "_" || b == "~" || b == "("
    }

    /// End of a GFM bare URL (`https://…`, `http://…`, `ftp://…`, `www.…`) at `start`.
    private func bareURLEnd(at start: Int) -> Int? {
        var i: Int
        if HTMLScanner.hasPrefix(s, start, "https://") {
            i = start + 8
        } else if HTMLScanner.hasPrefix(s, start, "http://") {
            i = start + 7
        } else if HTMLScanner.hasPrefix(s, start, "ftp://") {
            i = start + 6
        } else if HTMLScanner.hasPrefix(s, start, "www.") {
            i = start + 4
        } else {
            return nil
        }
        guard s[start].asciiLowercased == s[start] else { return nil }
        // Domain: alphanumerics, `-`, `_`, `.`; must not be empty.
        let domainStart = i
        while i < s.count, s[i].isASCIIAlphanumeric || s[i] == "-" || s[i] == "_" || s[i] == "." || s[i].value >= 0x80 {
            if s[i].value >= 0x80, s[i].isMarkdownWhitespace || s[i].isMarkdownPunctuation { break }
            i += 1
        }
        guard i > domainStart, s[domainStart] != "." else { return nil }
        while i < s.count, !s[i].isMarkdownWhitespace, s[i] != "<" { i += 1 }
        // Trailing punctuation is not part of the URL; nor is an unbalanced `)`.
        var end = i
        var opens = 0, closes = 0
        for c in s[start..<end] {
            if c == "(" { opens += 1 } else if c == ")" { closes += 1 }
        }
        while end > domainStart {
            let c = s[end - 1]
            if "?!.,:*_~'\"".unicodeScalars.contains(c) {
                end -= 1
            } else if c == ")" {
                if closes > opens {
                    end -= 1
                    closes -= 1
                } else {
                    break
                }
            } else if c == ";" {
                var j = end - 2
                while j > domainStart, s[j].isASCIIAlphanumeric { j -= 1 }
                if j >= domainStart, s[j] == "&", j < end - 2 { end = j } else { break }
            } else {
                break
            }
        }
        return end > domainStart ? end : nil
    }

    // MARK: Output

    /// Collects output, merging adjacent text without re-copying it for every piece.
    private struct Output {
        var inlines: [Inline] = []
        var pending = ""

        mutating func text(_ t: String) { pending += t }

        mutating func add(_ inline: Inline) {
            flush()
            inlines.append(inline)
        }

        mutating func flush() {
            if !pending.isEmpty {
                inlines.append(.text(pending))
                pending = ""
            }
        }
    }

    private func emit(from first: Int, depth: Int, into out: inout [Inline]) {
        var output = Output()
        var id = first
        while id >= 0 {
            switch pieces[id] {
            case .text(let text):
                output.text(text)
            case .delimiter(let c, let index):
                output.text(String(repeating: String(c), count: delimiters[index].count))
            case .leaf(let inline):
                output.add(inline)
            case .container(let kind, let innerHead, _):
                if depth >= Self.maxDepth {
                    flatten(id, into: &output)
                } else {
                    var children: [Inline] = []
                    emit(from: innerHead, depth: depth + 1, into: &children)
                    switch kind {
                    case .emphasis: output.add(.emphasis(children))
                    case .strong: output.add(.strong(children))
                    case .strikethrough: output.add(.strikethrough(children))
                    case .link(let t):
                        output.add(.link(text: children, destination: linkTargets[t].destination, title: linkTargets[t].title))
                    case .image(let t):
                        output.add(.image(alt: children, destination: linkTargets[t].destination, title: linkTargets[t].title))
                    }
                }
            }
            id = nextPiece[id]
        }
        output.flush()
        out = output.inlines
    }

    /// Too deep to nest: keep what a reader sees, iteratively, without the markup.
    private func flatten(_ root: Int, into output: inout Output) {
        var stack = [root]
        while let id = stack.popLast() {
            if id < 0 { continue }
            // Push the sibling first so children are handled before it.
            if id != root { stack.append(nextPiece[id]) }
            switch pieces[id] {
            case .text(let text): output.text(text)
            case .delimiter(let c, let index):
                output.text(String(repeating: String(c), count: delimiters[index].count))
            case .leaf(let inline): output.add(inline)
            case .container(_, let innerHead, _): stack.append(innerHead)
            }
        }
    }
}
