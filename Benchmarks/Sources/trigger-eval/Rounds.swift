/// The watcher's evaluation rounds, seen from Prometheus: bursts of instant queries separated
/// by quiet samples of its query counter (sampled about once a second).
struct Round {
    /// The last sample before the burst and the last sample that grew: the round ran inside.
    var from: Double
    var to: Double
    var queries: Int
    var duration: Double { to - from }
}

enum Rounds {
    /// `samples` are (seconds since the watcher started, queries answered so far), in order.
    static func detect(_ samples: [(at: Double, queries: Double)]) -> [Round] {
        var rounds: [Round] = []
        var current: Round?
        for (previous, sample) in zip(samples, samples.dropFirst()) {
            let grew = Int(sample.queries - previous.queries)
            if grew > 0 {
                if current == nil { current = Round(from: previous.at, to: sample.at, queries: 0) }
                current?.to = sample.at
                current?.queries += grew
            } else if let done = current {
                rounds.append(done)
                current = nil
            }
        }
        if let last = current { rounds.append(last) }
        return rounds
    }
}
