import Foundation

/// A piece of HTML that is safe to send: it can only be made from escaped text, from elements
/// built here, or from the few trusted literals below. Runbook text, notes and names are
/// untrusted, so there is no way to turn a `String` into markup without escaping it.
public struct HTML: Sendable, Hashable, CustomStringConvertible {
    public private(set) var rendered: String

    private init(trusted: String) { rendered = trusted }

    public var description: String { rendered }

    public static let empty = HTML(trusted: "")

    /// Text content, escaped.
    public static func text(_ s: String) -> HTML { HTML(trusted: escape(s)) }

    /// Markup written in Liftoff's source (never built from input): a `StaticString` cannot be
    /// made at run time, so no input reaches the page this way.
    package static func literal(_ s: StaticString) -> HTML { HTML(trusted: s.description) }

    public static func + (a: HTML, b: HTML) -> HTML { HTML(trusted: a.rendered + b.rendered) }

    public static func += (a: inout HTML, b: HTML) { a.rendered += b.rendered }

    /// Concatenation of many pieces.
    public static func join(_ parts: [HTML]) -> HTML { HTML(trusted: parts.map(\.rendered).joined()) }

    /// An element; attribute values are escaped, and names must be plain ASCII words
    /// (they come from Liftoff's code, but a bad name is dropped rather than emitted).
    public static func element(_ name: StaticString, _ attributes: [Attribute] = [], _ children: [HTML] = []) -> HTML {
        var s = "<\(name)" + renderAttributes(attributes) + ">"
        for child in children { s += child.rendered }
        s += "</\(name)>"
        return HTML(trusted: s)
    }

    /// An HTML void element (`input`, `meta`, `link`, `br`). Not for SVG shapes: inside `<svg>` an
    /// element without an end tag swallows its siblings, so those use `element` with no children.
    public static func void(_ name: StaticString, _ attributes: [Attribute] = []) -> HTML {
        HTML(trusted: "<\(name)" + renderAttributes(attributes) + ">")
    }

    /// A complete document with the doctype.
    package static func document(_ html: HTML) -> String { "<!DOCTYPE html>\n" + html.rendered + "\n" }

    private static func renderAttributes(_ attributes: [Attribute]) -> String {
        var s = ""
        for a in attributes where a.isValidName {
            switch a.value {
            case .none: continue
            case .some(.flag): s += " \(a.name)"
            case .some(.text(let v)): s += " \(a.name)=\"\(escape(v))\""
            }
        }
        return s
    }

    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\0": out += "\u{FFFD}"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

/// One attribute. `nil` values are left out, so optional attributes read naturally.
public struct Attribute: Sendable, Hashable {
    enum Value: Sendable, Hashable {
        case flag
        case text(String)
    }

    let name: String
    let value: Value?

    init(_ name: String, _ value: Value?) {
        self.name = name
        self.value = value
    }

    var isValidName: Bool {
        // Letters (SVG has `viewBox`), digits and dashes; never an event handler or a style.
        let lower = name.lowercased()
        return !name.isEmpty && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            && !lower.hasPrefix("on") && lower != "style"
    }

    public static func attr(_ name: String, _ value: String?) -> Attribute { Attribute(name, value.map(Value.text)) }
    public static func flag(_ name: String, _ on: Bool = true) -> Attribute { Attribute(name, on ? .flag : nil) }

    public static func id(_ v: String) -> Attribute { attr("id", v) }
    public static func `class`(_ v: String?) -> Attribute { attr("class", v) }
    /// Links: only schemes that cannot run code survive; anything else becomes `#`.
    public static func href(_ v: String) -> Attribute { attr("href", SafeURL.filter(v)) }
    public static func data(_ key: String, _ v: String?) -> Attribute { attr("data-\(key)", v) }
    public static func aria(_ key: String, _ v: String?) -> Attribute { attr("aria-\(key)", v) }
}

/// URLs from runbooks and query strings: http(s), mailto and relative references only.
public enum SafeURL {
    public static func filter(_ url: String) -> String {
        let trimmed = url.trimmingCharacters(in: .whitespacesAndNewlines)
        // Browsers ignore tabs, newlines and NULs inside a scheme ("java\tscript:"), so judge without them.
        let squeezed = trimmed.unicodeScalars.filter { !($0.properties.isWhitespace || $0 == "\0" || $0.value < 0x20) }
        let lower = String(String.UnicodeScalarView(squeezed)).lowercased()
        if let colon = lower.firstIndex(of: ":") {
            let beforeColon = lower[..<colon]
            let isScheme = !beforeColon.contains("/") && !beforeColon.contains("?") && !beforeColon.contains("#")
            if isScheme, !["http", "https", "mailto"].contains(String(beforeColon)) { return "#" }
        }
        return trimmed
    }
}
