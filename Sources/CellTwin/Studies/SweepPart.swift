import Foundation

/// What a partial (sharded) CSV says about the sweep it belongs to, on its first line:
///
///     # celltwin sweep part: shard=1/2 points=78 grid=4f1c0d9e2b7a6c35 cycles=500 until=- metrics=capacity,retention title=ANP-C-2.0K%20%7C%20LFP
///
/// `grid` is ``SweepSpec/fingerprint``; `until` the stop retention or `-`; `metrics` the charted metrics or `-`;
/// `title` is percent-encoded.
public struct SweepPart: Sendable, Equatable {
    public static let prefix = "# celltwin sweep part:"

    public var shard: Shard
    /// Points in the whole grid.
    public var points: Int
    public var fingerprint: String
    public var context: SweepContext
    /// Metrics charted by the run (a merge draws the same charts unless told otherwise; not part of the grid).
    public var metrics: [SweepMetric]

    public init(shard: Shard, points: Int, fingerprint: String, context: SweepContext, metrics: [SweepMetric] = []) {
        self.shard = shard
        self.points = points
        self.fingerprint = fingerprint
        self.context = context
        self.metrics = metrics
    }

    public init(shard: Shard, spec: SweepSpec, metrics: [SweepMetric] = []) {
        self.init(shard: shard, points: spec.pointCount, fingerprint: spec.fingerprint, context: spec.context, metrics: metrics)
    }

    public var commentLine: String {
        let title = context.title.addingPercentEncoding(withAllowedCharacters: Self.plain) ?? context.title
        let until = context.threshold.map(SweepFormat.variable) ?? "-"
        let charted = metrics.isEmpty ? "-" : metrics.map(\.rawValue).joined(separator: ",")
        return "\(Self.prefix) shard=\(shard) points=\(points) grid=\(fingerprint) cycles=\(context.cycles) until=\(until)"
            + " metrics=\(charted) title=\(title)"
    }

    /// Reads a comment line; `file` is named in errors.
    public init(commentLine line: String, file: String) throws {
        func bad(_ reason: String) -> SweepError { .merge(file: file, reason: reason) }
        guard line.hasPrefix(Self.prefix) else {
            throw bad("not a partial sweep CSV (its first line should start with '\(Self.prefix)'; write parts with celltwin sweep --shard i/n)")
        }
        var fields: [String: String] = [:]
        for token in line.dropFirst(Self.prefix.count).split(separator: " ") {
            guard let eq = token.firstIndex(of: "=") else { throw bad("cannot read '\(token)' on line 1") }
            fields[String(token[..<eq])] = String(token[token.index(after: eq)...])
        }
        func field(_ key: String) throws -> String {
            guard let v = fields[key] else { throw bad("line 1 lacks '\(key)='") }
            return v
        }
        let shard: Shard
        do { shard = try Shard(parsing: try field("shard")) } catch let e as SweepError where e != .cancelled {
            throw bad("line 1: bad shard (\(e))")
        }
        guard let points = Int(try field("points")), points >= 0 else { throw bad("line 1: bad point count") }
        guard let cycles = Int(try field("cycles")), cycles >= 1 else { throw bad("line 1: bad cycle count") }
        let untilText = try field("until")
        var threshold: Double?
        if untilText != "-" {
            guard let t = Double(untilText) else { throw bad("line 1: bad until") }
            threshold = t
        }
        let grid = try field("grid")
        let title = try field("title")
        var metrics: [SweepMetric] = []
        if let m = fields["metrics"], m != "-" {
            do { metrics = try SweepMetric.list(m, name: "metrics") } catch { throw bad("line 1: \(error)") }
        }
        self.init(shard: shard, points: points, fingerprint: grid,
                  context: SweepContext(title: title.removingPercentEncoding ?? title, cycles: cycles, threshold: threshold),
                  metrics: metrics)
    }

    private static let plain: CharacterSet = {
        var s = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: "\u{0}"..."\u{7F}"))
        s.insert(charactersIn: "-_.,")
        return s
    }()
}
