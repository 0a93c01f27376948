import Crypto
import Foundation
import LiftoffKit

/// The report page's only style sheet, and the Content-Security-Policy that admits exactly it:
/// the page runs no script, loads nothing, and its one `<style>` element is allowed by hash, so
/// no text that slipped through escaping could style or script the page.
public enum ReportStyle {
    /// A `StaticString`: the one way trusted CSS reaches the page (`HTML.literal`).
    static let stylesheet: StaticString = """
    :root{--ink:#1b1f24;--muted:#59636e;--line:#d8dee4;--soft:#f6f8fa;--good:#1a7f37;--good-bg:#dafbe1;--bad:#cf222e;--bad-bg:#ffebe9;--warn:#9a6700;--warn-bg:#fff8c5;--info:#0969da;--info-bg:#ddf4ff}
    *{box-sizing:border-box}
    body{margin:0;background:#eef1f4;color:var(--ink);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
    .page{max-width:70rem;margin:1.5rem auto;background:#fff;border:1px solid var(--line);border-radius:10px;overflow:hidden}
    header.top{padding:1.6rem 2rem 1.2rem;border-bottom:1px solid var(--line);background:linear-gradient(180deg,#fbfcfd,#fff)}
    .eyebrow{margin:0;color:var(--muted);font-size:.78rem;letter-spacing:.08em;text-transform:uppercase}
    h1{margin:.2rem 0 .5rem;font-size:1.9rem;line-height:1.2;word-break:break-word}
    h2{margin:0 0 .8rem;font-size:1.15rem;padding-bottom:.35rem;border-bottom:1px solid var(--line)}
    h3{margin:1.2rem 0 .5rem;font-size:1rem}
    .outcome{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center;margin:.2rem 0 1rem}
    .badge{display:inline-block;padding:.15rem .7rem;border-radius:999px;font-weight:600;font-size:.85rem;border:1px solid transparent;white-space:nowrap}
    .tone-good{color:var(--good);background:var(--good-bg);border-color:#aceebb}
    .tone-bad{color:var(--bad);background:var(--bad-bg);border-color:#ffcecb}
    .tone-warning{color:var(--warn);background:var(--warn-bg);border-color:#f5e0a0}
    .tone-neutral{color:var(--info);background:var(--info-bg);border-color:#b6e3ff}
    .badge.big{font-size:1rem;padding:.25rem .9rem;text-transform:uppercase;letter-spacing:.04em}
    .outcome-note{color:var(--muted)}
    .facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:.5rem 1.5rem;margin:0}
    .facts dl{min-width:0;margin:0}
    dt{color:var(--muted);font-size:.75rem;text-transform:uppercase;letter-spacing:.05em}
    dd{margin:0;word-break:break-word}
    section.block{padding:1.3rem 2rem;border-bottom:1px solid var(--line)}
    .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(10.5rem,1fr));gap:.8rem}
    .card{border:1px solid var(--line);border-radius:8px;padding:.7rem .9rem;background:#fff;break-inside:avoid}
    .card .label{color:var(--muted);font-size:.75rem;text-transform:uppercase;letter-spacing:.05em}
    .card .value{font-size:1.55rem;font-weight:650;line-height:1.3}
    .card .detail{color:var(--muted);font-size:.82rem}
    .card.tone-good,.card.tone-bad,.card.tone-warning{background:#fff}
    .card.tone-good{border-left:4px solid var(--good)}.card.tone-bad{border-left:4px solid var(--bad)}.card.tone-warning{border-left:4px solid var(--warn)}
    .card.tone-neutral{color:inherit;background:#fff;border-color:var(--line)}
    svg.bar{display:block;width:100%;height:6px;margin:.35rem 0 .2rem;border-radius:3px;background:var(--soft)}
    svg.bar .done{fill:var(--good)}svg.bar .skipped{fill:#8c959f}svg.bar .failed{fill:var(--bad)}svg.bar .blocked{fill:#d4a72c}
    table{width:100%;border-collapse:collapse;margin:.3rem 0 .8rem;font-size:.9rem}
    th,td{text-align:left;vertical-align:top;padding:.4rem .55rem;border-bottom:1px solid var(--line)}
    th{color:var(--muted);font-weight:600;font-size:.75rem;text-transform:uppercase;letter-spacing:.04em;background:var(--soft)}
    tr{break-inside:avoid}
    td.time{white-space:nowrap;font-variant-numeric:tabular-nums}
    .rel{color:var(--muted);font-size:.8rem;white-space:nowrap}
    td.dot{width:1.2rem;padding-right:0}
    .dot i{display:inline-block;width:.6rem;height:.6rem;border-radius:50%;margin-top:.35rem;background:#8c959f}
    .dot.tone-good i{background:var(--good)}.dot.tone-bad i{background:var(--bad)}.dot.tone-warning i{background:#d4a72c}
    td.dot.tone-good,td.dot.tone-bad,td.dot.tone-warning,td.dot.tone-neutral{background:none;border-color:var(--line)}
    .state{display:inline-block;padding:0 .5rem;border-radius:4px;font-size:.8rem;font-weight:600;white-space:nowrap}
    .sub{padding-left:1.2rem}.sub2{padding-left:2.4rem}
    .muted{color:var(--muted)}
    code{font:.85em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:.05rem .3rem;border-radius:4px;word-break:break-all}
    pre{font:.8rem/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:.6rem;border-radius:6px;white-space:pre-wrap;word-break:break-all;margin:.3rem 0}
    details summary{cursor:pointer;color:var(--info)}
    ul.plain{margin:.3rem 0 .8rem;padding-left:1.2rem}
    .kv{color:var(--muted)}
    .callout{border-left:4px solid var(--line);padding:.5rem .9rem;background:var(--soft);border-radius:0 6px 6px 0;margin:.5rem 0 1rem}
    .callout.tone-bad{border-left-color:var(--bad)}.callout.tone-good{border-left-color:var(--good)}.callout.tone-warning{border-left-color:#d4a72c}
    .callout.tone-bad,.callout.tone-good,.callout.tone-warning{color:inherit;background:var(--soft)}
    footer{padding:1rem 2rem;color:var(--muted);font-size:.8rem}
    @media (max-width:40rem){header.top,section.block,footer{padding-left:1rem;padding-right:1rem}.page{margin:0;border-radius:0}th,td{padding:.35rem}}
    @media print{body{background:#fff;font-size:10.5pt}.page{margin:0;max-width:none;border:0;border-radius:0}header.top{background:none}
    section.block{padding:.9rem 0;break-inside:auto}h2{break-after:avoid}h3{break-after:avoid}details{display:block}
    *{-webkit-print-color-adjust:exact;print-color-adjust:exact}footer{padding:.8rem 0}@page{margin:14mm}}
    """

    public static var css: String { stylesheet.description }

    /// `'sha256-…'` of the style element's text.
    public static var styleHash: String {
        "'sha256-" + Data(SHA256.hash(data: Data(css.utf8))).base64EncodedString() + "'"
    }

    /// For the page's `<meta http-equiv>`, and for the header a server sends with it.
    public static var contentSecurityPolicy: String {
        "default-src 'none'; style-src \(styleHash); img-src data:; base-uri 'none'; form-action 'none'"
    }
}
