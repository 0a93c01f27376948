/// YAML front matter: only when the very first line is exactly `---` and a later line is
/// exactly `---` or `...`. cmark-gfm has no notion of it, so the block parser skips these lines.
struct FrontMatter {
    /// The raw YAML between the fences (each line followed by a newline).
    var yaml: String
    /// 1-based line number of the closing fence.
    var closingLine: Int

    static func detect(in lines: [Substring]) -> FrontMatter? {
        guard let first = lines.first, first == "---" else { return nil }
        var yaml = ""
        for index in 1..<lines.count {
            let line = lines[index]
            if line == "---" || line == "..." {
                return FrontMatter(yaml: yaml, closingLine: index + 1)
            }
            yaml += line
            yaml += "\n"
        }
        return nil
    }
}
