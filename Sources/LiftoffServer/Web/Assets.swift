import LiftoffKit

/// The page's stylesheet and script, compiled into the binary (no files to install) and served
/// from `/assets/` with a content hash in the query so they can be cached for a year.
public struct Asset: Sendable {
    public var path: String
    public var body: [UInt8]
    public var contentType: String
    /// First 16 hex digits of the SHA-256 of the body.
    public var version: String

    init(path: String, body: [UInt8], contentType: String) {
        self.path = path
        self.body = body
        self.contentType = contentType
        version = String(EventChain.sha256Hex(String(decoding: body, as: UTF8.self)).prefix(16))
    }

    /// What pages link to: the path plus the version, so a new build is a new URL.
    public var url: String { "\(path)?v=\(version)" }
}

public enum Assets {
    public static let style = Asset(path: "/assets/style.css", body: PackageResources.style_css, contentType: "text/css; charset=utf-8")
    public static let script = Asset(path: "/assets/warroom.js", body: PackageResources.warroom_js, contentType: "text/javascript; charset=utf-8")
    public static let all = [style, script]

    static var styleURL: String { style.url }
    static var scriptURL: String { script.url }
}
