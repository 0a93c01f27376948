/// A heading that names an owner for the sections beside it (`### Owner: Platform + SRE`,
/// `### Rollback Owner` with the name under it) owns its sibling sections: those after it until
/// the next such heading, and — when it is the only one under its parent — those before it too
/// (a "Rollback Owner" heading written after "Rollback Steps"). See docs/runbook-format.md, "Owners".
enum SiblingOwners {
    static func apply(_ sections: inout [Section], scopes: [Int]) {
        let byParent = Dictionary(grouping: scopes.filter { sections.indices.contains($0) && sections[$0].owner != nil }) { sections[$0].parent ?? -1 }
        for (parent, heads) in byParent {
            let ordered = heads.sorted()
            for i in sections.indices where (sections[i].parent ?? -1) == parent && sections[i].owner == nil && !ordered.contains(i) {
                guard i > 0 else { continue }
                let before = ordered.last { $0 < i }
                guard let head = before ?? (ordered.count == 1 ? ordered.first : nil) else { continue }
                sections[i].owner = sections[head].owner
            }
        }
    }
}
