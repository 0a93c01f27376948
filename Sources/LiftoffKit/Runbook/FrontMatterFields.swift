import Yams

/// Reads the few things Liftoff needs from YAML front matter.
enum FrontMatterFields {
    static func value(of key: String, in yaml: String?) -> String? {
        guard let yaml, let node = try? Yams.compose(yaml: yaml), let mapping = node.mapping else { return nil }
        return mapping[Node(key)]?.string
    }

    /// The `liftoff:` key re-serialised as YAML, for the annotation parsers.
    static func liftoffSection(_ yaml: String) -> String? {
        guard let node = try? Yams.compose(yaml: yaml), let mapping = node.mapping, let liftoff = mapping[Node("liftoff")] else { return nil }
        return try? Yams.serialize(node: liftoff)
    }
}
