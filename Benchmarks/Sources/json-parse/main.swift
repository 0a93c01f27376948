// json-parse: JSONValue.parse (Liftoff's one-pass reader) against JSONDecoder decoding the same
// JSONValue, on the JSON the live path parses: stored event payloads and API request bodies.
// Both run in this process, alternating, on the same inputs; the figure is the ratio.
//
//   swift run -c release json-parse [--seconds 3]
import Foundation
import LiftoffKit

let arguments = CommandLine.arguments
let seconds = arguments.firstIndex(of: "--seconds").flatMap { Double(arguments[$0 + 1]) } ?? 3

/// Shapes as they are stored: a note, a step mark, a trigger change, a check result, a body.
let samples: [String] = [
    #"{"text":"war room open, everyone on the bridge"}"#,
    #"{"mark":"done","note":"migrated 4 of 4 shards","step":"t-0-deploy/run-the-migration"}"#,
    #"{"previous":"pending","series":null,"state":"firing","trigger":"high-error-rate","value":0.0213,"since":"2026-12-01T08:41:00.000Z","keepFiring":null,"errors":0}"#,
    #"{"check":"c-3","outcomes":[{"assertion":"status == 200","message":"status 200","verdict":"pass"},{"assertion":"json.version == \"2.4.1\"","message":"json.version \"2.4.1\"","verdict":"pass"}],"status":"pass","durationMs":41,"evidence":{"url":"https://shop.example.test/healthz","status":200,"headers":{"content-type":"application/json"}}}"#,
    #"{"gate":"go-no-go","vote":"go","reason":"all checks green, dashboards \u2705, on-call briefed"}"#,
]

func run(_ label: String, _ parse: (String) -> JSONValue?) -> Double {
    var parsed = 0
    let clock = ContinuousClock()
    let start = clock.now
    let deadline = start.advanced(by: .seconds(seconds))
    while clock.now < deadline {
        for _ in 0..<200 {
            for sample in samples where parse(sample) != nil { parsed += 1 }
        }
    }
    let elapsed = clock.now - start
    let perSecond = Double(parsed) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    print("  \(label): \(Int(perSecond)) documents/s")
    return perSecond
}

// Both must read the same values, or the comparison means nothing.
for sample in samples {
    let decoded = try? JSONDecoder().decode(JSONValue.self, from: Data(sample.utf8))
    guard JSONValue.parse(sample) == decoded, decoded != nil else {
        print("json-parse: the two parsers disagree on \(sample)")
        exit(1)
    }
}

print("json-parse: \(samples.count) payload shapes, 2 rounds of \(seconds) s each, alternating")
var reader: [Double] = []
var decoder: [Double] = []
for round in 1...2 {
    print("round \(round)")
    reader.append(run("JSONValue.parse (one pass)", { JSONValue.parse($0) }))
    decoder.append(run("JSONDecoder → JSONValue    ", { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }))
}
let ratio = reader.reduce(0, +) / decoder.reduce(0, +)
print("JSONValue.parse / JSONDecoder: \(String(format: "%.1f", ratio))× the documents per second")
