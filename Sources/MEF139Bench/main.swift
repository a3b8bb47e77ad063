// Measures MEF 139 payload validation throughput on one core over the published vector set.
//
//     swift run -c release MEF139Bench [--vectors PATH] [--seconds 2]
//
// Payloads are parsed before timing. Each pass validates every vector with `validate(_:)` (all
// issues, with messages), the same work as `list(validator.iter_errors(...))` in
// Scripts/bench_jsonschema.py, so the two payloads/s figures compare like for like.

import Foundation
import JSONCore
import MEF139

struct Options {
    var vectorsPath: String?
    var seconds: Double = 2
    /// Only time `validate`, for profiling with perf.
    var validateOnly = false
    /// With --validate-only: run exactly this many passes (for perf stat / callgrind).
    var passes: Int?

    init(arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--vectors": vectorsPath = iterator.next()
            case "--seconds": seconds = iterator.next().flatMap(Double.init) ?? seconds
            case "--validate-only": validateOnly = true
            case "--passes": passes = iterator.next().flatMap(Int.init)
            default: vectorsPath = argument
            }
        }
    }
}

/// `--vectors`, then `MEF139_VECTORS`, then `shared/mef/vectors/mef139-vectors.json` in the
/// nearest ancestor of this package (`../shared` in the blackhail repository).
func locateVectors(_ options: Options) -> URL? {
    if let path = options.vectorsPath ?? ProcessInfo.processInfo.environment["MEF139_VECTORS"] {
        return URL(fileURLWithPath: path)
    }
    var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while directory.path != "/" {
        directory.deleteLastPathComponent()
        let candidate = directory.appendingPathComponent("shared/mef/vectors/mef139-vectors.json")
        if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
    }
    return nil
}

/// Runs `body` over and over for about `seconds`; returns calls per second.
func measure(seconds: Double, batch: Int, _ body: () -> Int) -> (rate: Double, sink: Int) {
    let clock = ContinuousClock()
    let start = clock.now
    let limit = Duration.milliseconds(Int64(seconds * 1000))
    var calls = 0
    var sink = 0
    while clock.now - start < limit {
        sink &+= body()
        calls += batch
    }
    let elapsed = clock.now - start
    let secondsElapsed = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return (Double(calls) / secondsElapsed, sink)
}

func format(_ rate: Double) -> String {
    String(format: "%.0f", rate)
}

let options = Options(arguments: CommandLine.arguments)
guard let vectorsURL = locateVectors(options) else {
    FileHandle.standardError.write(Data("mef139-vectors.json not found; pass --vectors PATH\n".utf8))
    exit(64)
}

let bytes = try Data(contentsOf: vectorsURL)
let validator = try PayloadValidator.bundled()

// Parse throughput, for the record.
let parse = measure(seconds: min(options.seconds, 1), batch: 1) {
    (try? JSONValue(parsing: bytes))?.arrayValue?.count ?? 1
}
let document = try JSONValue(parsing: bytes)
let vectors = document["vectors"]?.arrayValue ?? []
let payloads = vectors.compactMap { $0["payload"] }
guard !payloads.isEmpty else {
    FileHandle.standardError.write(Data("no vectors in \(vectorsURL.path)\n".utf8))
    exit(65)
}

// Sanity check before timing: the verdicts must still agree with the oracle.
var agreeing = 0
for vector in vectors {
    guard let payload = vector["payload"], let valid = vector["valid"]?.boolValue else { continue }
    let issues = validator.validate(payload)
    let pointers = Set(issues.map { $0.pointer.isEmpty ? "/" : $0.pointer })
    let expected = Set(vector["errors"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    if issues.isEmpty == valid, pointers == expected { agreeing += 1 }
}

if options.validateOnly, let passes = options.passes {
    var issues = 0
    for _ in 0..<passes {
        for payload in payloads { issues &+= validator.validate(payload).count }
    }
    print("validated \(passes * payloads.count) payloads, \(issues) issues")
    exit(0)
}
let full = measure(seconds: options.seconds, batch: payloads.count) {
    var issues = 0
    for payload in payloads { issues &+= validator.validate(payload).count }
    return issues
}
if options.validateOnly {
    print("validate (all issues): \(format(full.rate)) payloads/s (sink \(full.sink))")
    exit(0)
}
// The hot path in blackhail is validating payloads it is about to send, which are valid.
let validPayloads = vectors.filter { $0["valid"]?.boolValue == true }.compactMap { $0["payload"] }
let invalidPayloads = vectors.filter { $0["valid"]?.boolValue == false }.compactMap { $0["payload"] }
let validOnly = measure(seconds: options.seconds / 2, batch: validPayloads.count) {
    var issues = 0
    for payload in validPayloads { issues &+= validator.validate(payload).count }
    return issues
}
let invalidOnly = measure(seconds: options.seconds / 2, batch: invalidPayloads.count) {
    var issues = 0
    for payload in invalidPayloads { issues &+= validator.validate(payload).count }
    return issues
}
let verdictOnly = measure(seconds: options.seconds, batch: payloads.count) {
    var valid = 0
    for payload in payloads where validator.isValid(payload) { valid += 1 }
    return valid
}
let normalise = measure(seconds: options.seconds, batch: payloads.count) {
    var drifts = 0
    for payload in payloads { drifts &+= validator.normalise(payload).1.count }
    return drifts
}

print("vectors:              \(vectorsURL.path) (\(payloads.count) payloads, \(bytes.count / 1024) KiB)")
print("oracle agreement:     \(agreeing)/\(vectors.count)")
print("parse vectors file:   \(String(format: "%.1f", parse.rate * Double(bytes.count) / 1_048_576)) MiB/s")
print("validate (all issues): \(format(full.rate)) payloads/s")
print("  valid ones only:     \(format(validOnly.rate)) payloads/s (\(validPayloads.count) payloads)")
print("  invalid ones only:   \(format(invalidOnly.rate)) payloads/s (\(invalidPayloads.count) payloads)")
print("isValid (verdict):    \(format(verdictOnly.rate)) payloads/s")
print("normalise:            \(format(normalise.rate)) payloads/s")
let sinks = full.sink &+ verdictOnly.sink &+ normalise.sink &+ parse.sink &+ validOnly.sink &+ invalidOnly.sink
print("(sinks: \(sinks))")
