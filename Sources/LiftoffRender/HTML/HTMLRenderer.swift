import LiftoffKit

/// Renders a runbook as a standalone HTML page (`liftoff render --format html`): the runbook
/// through `MarkdownHTML`, in a page whose strict Content-Security-Policy forbids scripts.
public enum HTMLRenderer {
    public static func page(_ text: String, title: String?, vars: LaunchVariables?) -> String {
        let body = MarkdownHTML.render(text, values: vars?.values ?? [:], options: .page)
        let page = HTML.literal("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src https: data:">
            <meta name="referrer" content="no-referrer">
            <title>
            """)
            + .text(title ?? "Runbook")
            + .literal("""
            </title>
            <style>
            body{font:16px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
            table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left}
            th.align-center,td.align-center{text-align:center}th.align-right,td.align-right{text-align:right}
            pre{background:#f6f8fa;padding:.8rem;overflow:auto}code{background:#f6f8fa;padding:0 .2rem}
            blockquote{border-left:4px solid #d0d7de;margin:0;padding-left:1rem;color:#57606a}
            li.task{list-style:none}li.task input{margin-right:.4rem}.missing{background:#fff3cd}
            .frontmatter{display:none}
            </style>
            </head>
            <body>

            """)
            + body
            + .literal("</body>\n</html>\n")
        return page.rendered
    }
}
