/// The activity feed of a launch: one item per event, in order, only ever appended to.
///
/// Stored as full chunks that are never written again plus a short tail, so a copy of the state
/// (the projection hands one to every writer) shares the chunks and an append copies at most one
/// tail: appending stays constant-time however long the launch grows (docs/architecture.md).
public struct ActivityLog: RandomAccessCollection, Sendable, Hashable {
    static let chunkSize = 128

    private var chunks: [[ActivityItem]] = []
    private var tail: [ActivityItem] = []

    public init() {}

    public init(_ items: some Sequence<ActivityItem>) {
        for item in items { append(item) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { chunks.count * Self.chunkSize + tail.count }

    public subscript(position: Int) -> ActivityItem {
        let chunk = position / Self.chunkSize
        return chunk < chunks.count ? chunks[chunk][position % Self.chunkSize] : tail[position - chunks.count * Self.chunkSize]
    }

    public mutating func append(_ item: ActivityItem) {
        tail.append(item)
        if tail.count == Self.chunkSize {
            chunks.append(tail)
            tail = []
            tail.reserveCapacity(Self.chunkSize)
        }
    }

    public static func == (a: ActivityLog, b: ActivityLog) -> Bool { a.elementsEqual(b) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for item in self { hasher.combine(item) }
    }
}

extension ActivityLog: Codable {
    /// Encoded as the plain list it is (snapshots keep their shape).
    public init(from decoder: any Decoder) throws {
        self.init(try [ActivityItem](from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try Array(self).encode(to: encoder)
    }
}
