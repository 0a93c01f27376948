import LiftoffKit

/// `liftoff lint --explain` for a terminal: the source on the left (line numbers, cut to a
/// width), what Liftoff read on the right, a fix under each misread line. Colour only when
/// asked (the CLI asks on a terminal without NO_COLOR).
public enum ExplanationText {
    public static func render(_ explanation: Explanation, sourceWidth: Int = 60, colour: Bool = false) -> String {
        let width = max(12, sourceWidth)
        let numberWidth = max(4, String(explanation.lines.count).count)
        var out = ""
        for line in explanation.lines {
            let number = String(line.number)
            let gutter = String(repeating: " ", count: max(0, numberWidth - number.count)) + number
            let source = fitted(visible(line.text), width: width)
            guard let first = line.notes.first else {
                out += trimmedEnd("\(paint(gutter, "2", colour)) │ \(source)") + "\n"
                continue
            }
            let blankLeft = String(repeating: " ", count: numberWidth) + " │ " + String(repeating: " ", count: width) + " │ "
            out += "\(paint(gutter, "2", colour)) │ \(padded(source, width)) │ \(note(first, colour))\n"
            if let hint = first.hint { out += blankLeft + paint("  fix: " + visible(hint), "2", colour) + "\n" }
            for extra in line.notes.dropFirst() {
                out += blankLeft + note(extra, colour) + "\n"
                if let hint = extra.hint { out += blankLeft + paint("  fix: " + visible(hint), "2", colour) + "\n" }
            }
        }
        return out
    }

    private static func note(_ n: Explanation.Note, _ colour: Bool) -> String {
        paint(visible(n.text), code(n), colour)
    }

    /// ANSI SGR codes per kind of note.
    private static func code(_ n: Explanation.Note) -> String {
        switch n.kind {
        case .title, .phase: "1;34"
        case .section: "34"
        case .gate: "33"
        case .step: "32"
        case .command: "36"
        case .trigger: "35"
        case .read, .placeholder, .annotation, .help: "0"
        case .ignored: "2"
        case .diagnostic:
            switch n.severity ?? .info {
            case .error: "31"
            case .warning: "33"
            case .info: "36"
            }
        }
    }

    private static func paint(_ text: String, _ sgr: String, _ colour: Bool) -> String {
        colour && sgr != "0" ? "\u{1B}[\(sgr)m\(text)\u{1B}[0m" : text
    }

    /// Runbook text is untrusted: control characters (an escape sequence could rewrite the
    /// terminal) are shown as `�`, tabs as spaces.
    static func visible(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09: out += "    "
            case 0x00..<0x20, 0x7F..<0xA0, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func fitted(_ text: String, width: Int) -> String {
        text.count > width ? String(text.prefix(width - 1)) + "…" : text
    }

    private static func padded(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    private static func trimmedEnd(_ s: String) -> String {
        var t = Substring(s)
        while t.last == " " { t.removeLast() }
        return String(t)
    }
}
