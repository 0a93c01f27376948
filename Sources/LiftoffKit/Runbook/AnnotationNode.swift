import Yams

/// The YAML of one `liftoff` annotation, decoded once when the runbook is read and handed to
/// every reader of the annotation schema (checks, triggers, shift, rollback, run, step, owner,
/// at, after) and to the schema check itself, so no two readers can read one block differently
/// and no block is parsed twice (docs/runbook-format.md, "Help and annotations").
///
/// It mirrors the part of Yams' `Node` the readers use, as a value that is `Sendable` (Yams'
/// node is not), so a compiled plan can carry it.
public struct AnnotationDocument: Hashable, Sendable {
    /// The decoded value; nil for empty text or text that is not YAML.
    public var root: AnnotationNode?
    /// Why the text is not YAML, with its place relative to the annotation's text.
    public var problem: Problem?

    public struct Problem: Hashable, Sendable {
        public var line: Int
        public var column: Int
        public var message: String
    }

    public static func decode(_ text: String) -> AnnotationDocument {
        do {
            return AnnotationDocument(root: try Yams.compose(yaml: text).map(AnnotationNode.init), problem: nil)
        } catch let error as YamlError {
            let problem = InputError.yaml(error, file: "")
            return AnnotationDocument(root: nil, problem: Problem(line: problem.position.line, column: problem.position.column, message: problem.message))
        } catch {
            return AnnotationDocument(root: nil, problem: Problem(line: 1, column: 1, message: "cannot read YAML: \(error)"))
        }
    }
}

/// A YAML node: a scalar, a sequence or a mapping, with where it starts (1-based, relative to
/// the annotation's text).
public indirect enum AnnotationNode: Hashable, Sendable {
    case scalar(Scalar, Mark)
    case sequence([AnnotationNode], Mark)
    case mapping(Mapping, Mark)
    /// An alias (`*name`): readers take none of these.
    case alias(Mark)

    public struct Mark: Hashable, Sendable {
        public var line: Int
        public var column: Int
    }

    /// A scalar's text with the values YAML's core schema reads from it, as Yams reads them.
    public struct Scalar: Hashable, Sendable {
        public var string: String
        public var bool: Bool?
        public var int: Int?
    }

    /// Key–value pairs in their written order.
    public struct Mapping: Hashable, Sendable, Sequence {
        struct Pair: Hashable, Sendable {
            var key: AnnotationNode
            var value: AnnotationNode
        }

        var pairs: [Pair]

        /// The value of the first key whose text is `key`.
        public subscript(key: String) -> AnnotationNode? {
            pairs.first { $0.key.string == key }?.value
        }

        public var count: Int { pairs.count }

        public var keys: [AnnotationNode] { pairs.map(\.key) }

        public var first: Element? { pairs.first.map { (key: $0.key, value: $0.value) } }

        public typealias Element = (key: AnnotationNode, value: AnnotationNode)

        public func makeIterator() -> IndexingIterator<[Element]> {
            pairs.map { (key: $0.key, value: $0.value) }.makeIterator()
        }
    }

    init(_ node: Node) {
        let mark = Mark(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        switch node {
        case .scalar(let scalar):
            self = .scalar(Scalar(string: scalar.string, bool: node.bool, int: node.int), mark)
        case .sequence(let items):
            self = .sequence(items.map(AnnotationNode.init), mark)
        case .mapping(let pairs):
            self = .mapping(Mapping(pairs: pairs.map { Mapping.Pair(key: AnnotationNode($0.key), value: AnnotationNode($0.value)) }), mark)
        case .alias:
            self = .alias(mark)
        }
    }

    public var string: String? {
        if case .scalar(let scalar, _) = self { return scalar.string }
        return nil
    }

    public var bool: Bool? {
        if case .scalar(let scalar, _) = self { return scalar.bool }
        return nil
    }

    public var int: Int? {
        if case .scalar(let scalar, _) = self { return scalar.int }
        return nil
    }

    public var sequence: [AnnotationNode]? {
        if case .sequence(let items, _) = self { return items }
        return nil
    }

    public var mapping: Mapping? {
        if case .mapping(let mapping, _) = self { return mapping }
        return nil
    }

    /// Optional, as Yams' is, so readers written against either read alike.
    public var mark: Mark? {
        switch self {
        case .scalar(_, let mark), .sequence(_, let mark), .mapping(_, let mark), .alias(let mark): mark
        }
    }
}
