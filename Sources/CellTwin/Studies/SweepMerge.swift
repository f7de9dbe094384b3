import Foundation

/// A sweep read back from CSV: its swept variables, records and context.
public struct SweepResultTable: Sendable, Equatable {
    public var axes: [SweepVariable]
    public var records: [SweepRecord]
    public var context: SweepContext
    /// Metrics the parts were charted with (empty if not known).
    public var metrics: [SweepMetric] = []

    public init(axes: [SweepVariable], records: [SweepRecord], context: SweepContext, metrics: [SweepMetric] = []) {
        self.axes = axes
        self.records = records
        self.context = context
        self.metrics = metrics
    }
}

/// Combines the partial CSVs of `celltwin sweep --shard i/n` into the result of the unsharded run: the same CSV
/// byte for byte (rows in grid order, the `point` column dropped).
///
/// Refuses, naming the file: a file that is not a partial CSV, parts of different sweeps (grid fingerprint, point
/// count or header differ), a point given twice, a point missing, a row that cannot be read.
public enum SweepMerge {
    /// - Parameter parts: (file name for messages, file text) pairs, in any order.
    public static func merge(_ parts: [(file: String, text: String)]) throws -> SweepResultTable {
        guard let firstPart = parts.first else { throw SweepError.invalidOption(name: "merge", reason: "no partial CSV given") }
        var reference: (part: SweepPart, header: [String], file: String)?
        var axes: [SweepVariable] = []
        var byPoint: [Int: (record: SweepRecord, file: String)] = [:]
        for (file, text) in parts {
            let lines = DelimitedText.lines(text).filter { !$0.isEmpty }
            guard let first = lines.first else { throw SweepError.merge(file: file, reason: "the file is empty") }
            let part = try SweepPart(commentLine: String(first), file: file)
            guard lines.count >= 2, let header = SweepTable.split(lines[1]) else {
                throw SweepError.merge(file: file, reason: "line 2 should be the header")
            }
            if let ref = reference {
                guard part.fingerprint == ref.part.fingerprint, part.points == ref.part.points, part.context == ref.part.context else {
                    throw SweepError.merge(file: file, reason: "belongs to a different sweep than \(ref.file) (grid \(part.fingerprint) of \(part.points) points, not \(ref.part.fingerprint) of \(ref.part.points))")
                }
                guard header == ref.header else {
                    throw SweepError.merge(file: file, reason: "its header differs from that of \(ref.file): \(header.joined(separator: ",")) vs \(ref.header.joined(separator: ","))")
                }
            } else {
                axes = try readHeader(header, file: file)
                reference = (part, header, file)
            }
            for (offset, line) in lines.dropFirst(2).enumerated() {
                let lineNumber = offset + 3
                let record = try readRow(line, axes: axes, file: file, line: lineNumber)
                guard (0..<part.points).contains(record.point) else {
                    throw SweepError.merge(file: file, reason: "line \(lineNumber): point \(record.point) lies outside the grid of \(part.points) points")
                }
                guard part.shard.contains(point: record.point) else {
                    throw SweepError.merge(file: file, reason: "line \(lineNumber): point \(record.point) does not belong to shard \(part.shard)")
                }
                if let earlier = byPoint[record.point] {
                    throw SweepError.merge(file: file, reason: "line \(lineNumber): point \(record.point) is also in \(earlier.file) (duplicate)")
                }
                byPoint[record.point] = (record, file)
            }
        }
        guard let ref = reference else { throw SweepError.merge(file: firstPart.file, reason: "no rows") }
        let missing = (0..<ref.part.points).filter { byPoint[$0] == nil }
        guard missing.isEmpty else {
            let shown = missing.prefix(10).map(String.init).joined(separator: ", ") + (missing.count > 10 ? ", …" : "")
            let shards = Set(missing.map { $0 % ref.part.shard.count + 1 }).sorted().map { "\($0)/\(ref.part.shard.count)" }
            throw SweepError.invalidOption(name: "merge", reason: "\(missing.count) of \(ref.part.points) points are missing (\(shown)); missing shards: \(shards.joined(separator: ", "))")
        }
        let records = (0..<ref.part.points).compactMap { byPoint[$0]?.record }
        return SweepResultTable(axes: axes, records: records, context: ref.part.context, metrics: ref.part.metrics)
    }

    /// Reads the files at `paths` and merges them.
    public static func merge(paths: [String]) throws -> SweepResultTable {
        try merge(paths.map { (file: $0, text: try DelimitedText.text(path: $0)) })
    }

    static func readHeader(_ header: [String], file: String) throws -> [SweepVariable] {
        guard header.first == SweepTable.pointColumn else {
            throw SweepError.merge(file: file, reason: "the header should start with '\(SweepTable.pointColumn)'")
        }
        let names = Array(header.dropFirst())
        guard names.count >= SweepTable.metricColumns.count,
              Array(names.suffix(SweepTable.metricColumns.count)) == SweepTable.metricColumns else {
            throw SweepError.merge(file: file, reason: "the header should end with \(SweepTable.metricColumns.joined(separator: ","))")
        }
        let axes = try names.dropLast(SweepTable.metricColumns.count).map { name -> SweepVariable in
            guard let v = SweepVariable(column: name) else { throw SweepError.merge(file: file, reason: "unknown column '\(name)'") }
            return v
        }
        guard axes == SweepVariable.allCases.filter(axes.contains) else {
            throw SweepError.merge(file: file, reason: "the swept columns are not in CellTwin's order")
        }
        return axes
    }

    static func readRow(_ line: Substring, axes: [SweepVariable], file: String, line number: Int) throws -> SweepRecord {
        let bad = { (reason: String) -> SweepError in .merge(file: file, reason: "line \(number): \(reason)") }
        guard let f = SweepTable.split(line), f.count == 1 + axes.count + SweepTable.metricColumns.count else {
            throw bad("expected \(1 + axes.count + SweepTable.metricColumns.count) fields")
        }
        guard let point = Int(f[0]) else { throw bad("point '\(f[0])' is not a whole number") }
        let coordinates = try zip(axes, f[1...]).map { axis, text -> SweepValue in
            if axis.isCategorical { return .text(text) }
            guard let x = Double(text), x.isFinite else { throw bad("\(axis.column) '\(text)' is not a number") }
            return .number(x)
        }
        let m = Array(f.suffix(SweepTable.metricColumns.count))
        let number = { (k: Int) throws -> Double? in
            if m[k].isEmpty { return nil }
            guard let x = Double(m[k]), x.isFinite else { throw bad("\(SweepTable.metricColumns[k]) '\(m[k])' is not a number") }
            return x
        }
        var cycles: Int?
        if !m[2].isEmpty {
            guard let c = Int(m[2]) else { throw bad("cycles_to_80 '\(m[2])' is not a whole number") }
            cycles = c
        }
        guard let end = SweepEnd(reported: m[5]) else { throw bad("end_reason '\(m[5])' is not an end a sweep reports") }
        return SweepRecord(point: point, coordinates: coordinates, firstDischargeCapacity_mAh_g: try number(0),
                           finalRetention: try number(1), cyclesTo80: cycles, meanOverpotential_V: try number(3),
                           dischargeEnergy_mWh_g: try number(4), end: end)
    }
}
