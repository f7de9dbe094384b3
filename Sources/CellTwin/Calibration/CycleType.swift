import Foundation

/// What a cycle of a cycler file is: only `regular` cycles carry the fade a history fit or a forecast reads.
public enum CycleType: String, Sendable, Codable, Equatable, CaseIterable {
    /// First cycles of a cell: slow, or losing charge to the interphases (low coulombic efficiency).
    case formation
    /// The repeated cycling whose capacity fades.
    case regular
    /// A full-depth or slow reference cycle (RPT, capacity check) between blocks of regular cycles.
    case capacityCheck = "capacity-check"
    /// Pulses (HPPC, GITT, DCIR): many short current segments.
    case pulse
    /// An impedance spectrum (EIS) recorded as a cycle.
    case impedance
    /// Rest, or a reset/conditioning cycle named so by the file.
    case rest
    /// Part of a cycle: a charge or a discharge missing or much shorter than the neighbouring regular cycles'.
    case partial
    /// The file's last cycle, cut short (the test stopped in it).
    case incomplete
    /// A full cycle the file leaves unnamed while it names its other cycles (a step of a diagnostic block).
    case other
}

/// The type of one cycle of ``CyclerData/cycles`` and the rule that gave it.
public struct CycleClass: Sendable, Equatable {
    public var cycle: Int
    public var type: CycleType
    /// The rule, in words, with the numbers it compared.
    public var reason: String
}

/// Which cycles a history fit or a forecast reads (`cycles = "regular"`, `exclude = [..]`).
public struct CycleSelection: Sendable, Equatable {
    /// Only `regular` cycles (true), or every cycle with a discharge capacity except an ``CycleType/incomplete`` last one.
    public var regularOnly: Bool
    /// Cycle indexes (as in the file) left out whatever their type.
    public var exclude: Set<Int>

    public init(regularOnly: Bool = true, exclude: Set<Int> = []) {
        self.regularOnly = regularOnly
        self.exclude = exclude
    }

    /// Reads `"regular"` or `"all"`; anything else is nil.
    public static func mode(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "regular": return true
        case "all": return false
        default: return nil
        }
    }
}

/// Cycle-type detection shared by every reader (it reads only ``CyclerData``).
///
/// Rules, in order (the reason of each class names the rule and its numbers):
/// 1. **The file's own name for the cycle** (DOE `Cycle_Label`, BEEP `cycle_type`), case-insensitive: `EIS`,
///    `impedance` → impedance; `HPPC`, `pulse`, `GITT`, `DCIR` → pulse; `capacity check`, `RPT…` → capacity check;
///    `reset`, `rest` → rest; `initial`, `formation` → formation; `aging cycle`, `regular`, `cycling` → regular
///    (then checked by rule 4). Another label → other.
/// 2. **Time series, no current**: a cycle whose rows carry less than 1 % of the reference capacity Q_ref → rest.
/// 3. **Time series, pulses**: a cycle with at least 3 current segments (runs of rows with |I| above 10⁻³ of the
///    file's largest |I| and one sign; the step kinds of the cycle, from the format's own step names: Maccor `State`,
///    Neware `Step Type`, the current sign elsewhere) that each pass less than 30 % of the cycle's larger capacity → pulse;
///    two charge (or two discharge) segments each passing at least 25 % of the cycle's charge (discharge) → other
///    (more than one cycle under one index, as the Neware export's cycle 3: a 0.25 mA cycle, then a 1 mA one).
/// 4. **Capacities against the neighbouring regular cycles.** Q_ref is the median discharge capacity of the complete
///    candidate cycles (regular by label, or unlabelled and not classified by 2–3; with a discharge, and a charge
///    within a factor 2 of it where the file records charge) within ±10 of them. A candidate
///    with no discharge, or no charge in a file that records charge, or a discharge below 0.5 Q_ref → partial; above
///    1.5 Q_ref → capacity check (full depth). Then, in a file that labels some of its cycles, a labelled candidate is
///    regular and an **unlabelled** one other (a full cycle of a diagnostic block the program left unnamed).
/// 5. **Files without labels**: among the first 3 candidates, a coulombic efficiency below 0.85 → formation; in a
///    time series, a mean discharge current below 0.4 × the median of the candidates → capacity check (slow; among
///    the first 3 candidates: formation); else regular.
/// 6. **Incomplete last cycle**: the last cycle of the file, a candidate, whose discharge is below 0.75 × the median
///    of the 10 complete candidates before it, or
///    (time series) whose steps are a proper prefix of the previous candidate's → incomplete, whatever rule 4 said.
///
/// A capacity matrix has no labels, no charge and no series: its cycles are regular unless rule 4 or 6 says otherwise.
public enum CycleClassifier {
    public static func classify(_ data: CyclerData) -> [CycleClass] {
        guard !data.cycles.isEmpty else { return [] }
        let file = FileFacts(data)
        var out: [CycleClass?] = data.cycles.indices.map { screen($0, file) }
        let candidates = data.cycles.indices.filter { out[$0] == nil }
        let reference = ReferenceCapacity(file: file, candidates: candidates)
        for (j, k) in candidates.enumerated() {
            out[k] = judge(k, position: j, file: file, reference: reference)
        }
        if let k = candidates.last, k == data.cycles.count - 1,
           let cut = cutShort(k, previous: candidates.dropLast().last, file: file, reference: reference) {
            out[k] = cut
        }
        return zip(data.cycles, out).map { c, x in x ?? CycleClass(cycle: c.cycle, type: .other, reason: "no rule applies") }
    }

    /// What the rules read from the whole file.
    struct FileFacts {
        let cycles: [MeasuredCycle]
        let series: CyclerSeries?
        let hasLabels: Bool
        let hasCharge: Bool
        /// Currents at most this large (10⁻³ of the file's largest |I|) are no current, A.
        let floor_A: Double
        /// Charge plus discharge of each cycle, Ah, and their median over the cycles that pass any.
        let throughputs: [Double]
        let typicalThroughput: Double

        init(_ data: CyclerData) {
            cycles = data.cycles
            series = data.series
            hasLabels = cycles.contains { $0.label != nil }
            hasCharge = cycles.contains { $0.chargeCapacity_Ah != nil }
            let largestCurrent = series.map { s in s.current_A.reduce(0) { max($0, abs($1)) } } ?? 0
            floor_A = 1e-3 * largestCurrent
            throughputs = cycles.map { ($0.chargeCapacity_Ah ?? 0) + ($0.dischargeCapacity_Ah ?? 0) }
            typicalThroughput = CycleClassifier.median(throughputs.filter { $0 > 0 }) ?? 0
        }
    }

    /// Rules 1–3: the class of cycle `k` by its label, its throughput or its current segments; nil for a candidate
    /// (a cycle labelled regular, or unlabelled and none of these).
    static func screen(_ k: Int, _ file: FileFacts) -> CycleClass? {
        let c = file.cycles[k]
        if let label = c.label {
            guard let t = labelType(label) else {
                return CycleClass(cycle: c.cycle, type: .other, reason: "the file names it '\(label)', not a known cycle type")
            }
            return t == .regular ? nil : CycleClass(cycle: c.cycle, type: t, reason: "the file names it '\(label)'")
        }
        guard let s = file.series, let rows = c.rows else { return nil }
        if file.throughputs[k] < 0.01 * file.typicalThroughput {
            return CycleClass(cycle: c.cycle, type: .rest, reason: String(
                format: "passes %.3g Ah, under 1 %% of the file's typical %.3g Ah per cycle", file.throughputs[k], file.typicalThroughput))
        }
        let segments = currentSegments(s, rows: rows, floor_A: file.floor_A)
        let larger = max(c.chargeCapacity_Ah ?? 0, c.dischargeCapacity_Ah ?? 0)
        let short = segments.filter { $0.charge_Ah < 0.3 * larger }.count
        if short >= 3 {
            return CycleClass(cycle: c.cycle, type: .pulse, reason:
                "\(short) of its \(segments.count) current segments each pass under 30 % of the cycle's capacity")
        }
        let charges = segments.filter { $0.sign < 0 && $0.charge_Ah >= 0.25 * (c.chargeCapacity_Ah ?? 0) }.count
        let discharges = segments.filter { $0.sign > 0 && $0.charge_Ah >= 0.25 * (c.dischargeCapacity_Ah ?? 0) }.count
        if charges >= 2 || discharges >= 2 {
            return CycleClass(cycle: c.cycle, type: .other, reason:
                "\(charges) charge and \(discharges) discharge segments of at least 25 % of the cycle's capacity each: more than one cycle under one index")
        }
        return nil
    }

    /// The capacities and rates the candidates are judged against (rules 4–6).
    struct ReferenceCapacity {
        let cycles: [MeasuredCycle]
        /// Complete candidates: a discharge, and a charge within a factor 2 of it where charge is recorded.
        let references: [Int]
        /// Mean discharge current of each candidate with a time series, A, and their median.
        let rates: [Int: Double]
        let typicalRate: Double?

        init(file: FileFacts, candidates: [Int]) {
            let cycles = file.cycles
            self.cycles = cycles
            rates = file.series.map { s in
                Dictionary(uniqueKeysWithValues: candidates.compactMap { k in
                    cycles[k].rows.flatMap { CycleClassifier.meanDischargeCurrent(s, rows: $0, floor_A: file.floor_A) }.map { (k, $0) }
                })
            } ?? [:]
            typicalRate = CycleClassifier.median(Array(rates.values))
            references = candidates.filter { k in
                guard let qd = cycles[k].dischargeCapacity_Ah, qd > 0 else { return false }
                guard file.hasCharge else { return true }
                guard let qc = cycles[k].chargeCapacity_Ah, qc > 0 else { return false }
                return qd / qc >= 0.5 && qd / qc <= 2
            }
        }

        /// Median discharge of the complete candidates within ±10 of cycle position `k` (only before it: `before`).
        func near(_ k: Int, before: Bool = false) -> Double {
            let p = references.firstIndex { $0 >= k } ?? references.count
            let window = before ? references[max(0, p - 10)..<p]
                : references[max(0, p - 10)..<min(references.count, p + 11)]
            return CycleClassifier.median(window.compactMap { cycles[$0].dischargeCapacity_Ah }) ?? 0
        }
    }

    /// Rules 4–5: candidate `k`, the `position`-th candidate of the file, against the neighbouring regular cycles.
    static func judge(_ k: Int, position j: Int, file: FileFacts, reference: ReferenceCapacity) -> CycleClass {
        let c = file.cycles[k]
        let qRef = reference.near(k)
        func make(_ t: CycleType, _ reason: String) -> CycleClass { CycleClass(cycle: c.cycle, type: t, reason: reason) }
        let named = c.label.map { "named '\($0)'; " } ?? ""
        guard let qd = c.dischargeCapacity_Ah, qd > 0 else { return make(.partial, named + "no discharge") }
        if file.hasCharge, (c.chargeCapacity_Ah ?? 0) <= 0 { return make(.partial, named + "no charge") }
        let ratio = qRef > 0 ? qd / qRef : 1
        if ratio < 0.5 {
            return make(.partial, named + String(format: "discharge %.4g Ah is %.0f %% of the neighbouring regular cycles' %.4g Ah (< 50 %%)", qd, 100 * ratio, qRef))
        } else if ratio > 1.5 {
            return make(.capacityCheck, named + String(format: "full-depth discharge: %.4g Ah is %.0f %% of the neighbouring regular cycles' %.4g Ah (> 150 %%)", qd, 100 * ratio, qRef))
        } else if file.hasLabels {
            if c.label == nil {
                return make(.other, "unnamed in a file that names its cycles (a full cycle of a diagnostic block)")
            }
            return make(.regular, named + String(format: "discharge %.4g Ah, %.0f %% of the neighbouring regular cycles'", qd, 100 * ratio))
        } else if j < 3, let ce = c.coulombicEfficiency, ce < 0.85 {
            return make(.formation, named + String(format: "one of the first 3 cycles with a coulombic efficiency of %.3f (< 0.85)", ce))
        } else if let r = reference.rates[k], let typical = reference.typicalRate, r < 0.4 * typical {
            return make(j < 3 ? .formation : .capacityCheck, named + String(
                format: "slow: mean discharge current %.4g A is %.0f %% of the regular cycles' %.4g A (< 40 %%)%@",
                r, 100 * r / typical, typical, j < 3 ? ", one of the first 3 cycles" : ""))
        }
        return make(.regular, named + String(format: "discharge %.4g Ah, %.0f %% of the neighbouring regular cycles'", qd, 100 * ratio))
    }

    /// Rule 6: the file's last cycle `k` (a candidate) cut short, against the candidates before it; nil if it is not.
    static func cutShort(_ k: Int, previous: Int?, file: FileFacts, reference: ReferenceCapacity) -> CycleClass? {
        let c = file.cycles[k]
        let qRef = reference.near(k, before: true)
        let qd = c.dischargeCapacity_Ah ?? 0
        if qRef > 0, qd < 0.75 * qRef {
            return CycleClass(cycle: c.cycle, type: .incomplete, reason: String(
                format: "the file's last cycle: discharge %.4g Ah is %.0f %% of the previous regular cycles' %.4g Ah (< 75 %%)",
                qd, 100 * qd / qRef, qRef))
        }
        if let s = file.series, let p = previous, let rows = c.rows, let prows = file.cycles[p].rows {
            let mine = stepSequence(s, rows: rows), theirs = stepSequence(s, rows: prows)
            if mine.count < theirs.count, Array(theirs.prefix(mine.count)) == mine {
                return CycleClass(cycle: c.cycle, type: .incomplete, reason:
                    "the file's last cycle: its steps \(mine) stop before the previous cycle's \(theirs)")
            }
        }
        return nil
    }

    /// The type a file's cycle label names, or nil for a label no rule knows.
    public static func labelType(_ label: String) -> CycleType? {
        let l = label.lowercased().trimmingCharacters(in: .whitespaces)
        if l.contains("eis") || l.contains("impedance") { return .impedance }
        if l.contains("hppc") || l.contains("pulse") || l.contains("gitt") || l.contains("dcir") { return .pulse }
        if l.contains("capacity") || l.hasPrefix("rpt") { return .capacityCheck }
        if l.contains("reset") || l == "rest" { return .rest }
        if l.contains("initial") || l.contains("formation") { return .formation }
        if l.contains("aging") || l.contains("regular") || l.contains("cycling") { return .regular }
        return nil
    }

    /// Runs of rows with |I| above `floor_A` and one sign; each with the charge it passes, Ah (the integration rule
    /// of ``MeasuredCycle/summaries(of:)``).
    static func currentSegments(_ s: CyclerSeries, rows: Range<Int>, floor_A: Double) -> [(sign: Int, charge_Ah: Double)] {
        var out: [(sign: Int, charge_Ah: Double)] = []
        var previous = 0
        for k in rows {
            let i = s.current_A[k]
            let sign = abs(i) <= floor_A ? 0 : (i > 0 ? 1 : -1)
            let dq = k > 0 ? abs(i) * (s.time_s[k] - s.time_s[k - 1]) / 3600 : 0
            if sign != 0 {
                if sign == previous, !out.isEmpty { out[out.count - 1].charge_Ah += dq } else { out.append((sign, dq)) }
            }
            previous = sign
        }
        return out
    }

    /// Discharge capacity over the time spent discharging, A (nil without discharge).
    static func meanDischargeCurrent(_ s: CyclerSeries, rows: Range<Int>, floor_A: Double) -> Double? {
        var q = 0.0, t = 0.0
        for k in rows where k > 0 && s.current_A[k] > floor_A {
            let dt = s.time_s[k] - s.time_s[k - 1]
            q += s.current_A[k] * dt
            t += dt
        }
        return t > 0 ? q / t : nil
    }

    /// The cycle's step numbers in order, repeats merged.
    static func stepSequence(_ s: CyclerSeries, rows: Range<Int>) -> [Int] {
        var out: [Int] = []
        for k in rows where out.last != s.step[k] { out.append(s.step[k]) }
        return out
    }

    static func median(_ x: [Double]) -> Double? {
        guard !x.isEmpty else { return nil }
        let s = x.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}

extension CyclerData {
    /// The type of every cycle (``CycleClassifier``), in the order of ``cycles``.
    public var cycleClasses: [CycleClass] { CycleClassifier.classify(self) }

    /// The cycles `selection` keeps, with a note for each kind of cycle it left out (the incomplete last cycle
    /// is always left out).
    public func selectCycles(_ selection: CycleSelection) -> (cycles: [MeasuredCycle], notes: [String]) {
        let classes = cycleClasses
        var kept: [MeasuredCycle] = []
        var dropped: [CycleType: [Int]] = [:]
        var excluded: [Int] = []
        var incomplete: [String] = []
        for (c, k) in zip(cycles, classes) {
            if selection.exclude.contains(c.cycle) { excluded.append(c.cycle); continue }
            if k.type == .incomplete { incomplete.append("cycle \(c.cycle) left out: \(k.reason)"); continue }
            if selection.regularOnly, k.type != .regular { dropped[k.type, default: []].append(c.cycle); continue }
            kept.append(c)
        }
        var notes = incomplete
        for t in CycleType.allCases {
            if let list = dropped[t] { notes.append("\(list.count) \(t.rawValue) cycle\(list.count == 1 ? "" : "s") left out (\(Self.ranges(list)))") }
        }
        if !excluded.isEmpty { notes.append("excluded by request: cycles \(Self.ranges(excluded))") }
        return (kept, notes)
    }

    /// "1–3, 7, 9–12".
    static func ranges(_ x: [Int]) -> String {
        var parts: [String] = []
        var i = 0
        let s = x.sorted()
        while i < s.count {
            var j = i
            while j + 1 < s.count, s[j + 1] == s[j] + 1 { j += 1 }
            parts.append(j > i ? "\(s[i])–\(s[j])" : "\(s[i])")
            i = j + 1
        }
        if parts.count > 12 { return parts.prefix(12).joined(separator: ", ") + ", …" }
        return parts.joined(separator: ", ")
    }
}
