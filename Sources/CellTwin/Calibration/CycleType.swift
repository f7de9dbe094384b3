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
        let cycles = data.cycles
        guard !cycles.isEmpty else { return [] }
        var out: [CycleClass?] = Array(repeating: nil, count: cycles.count)
        var candidate = Array(repeating: false, count: cycles.count)
        let fileHasLabels = cycles.contains { $0.label != nil }
        let fileHasCharge = cycles.contains { $0.chargeCapacity_Ah != nil }
        let series = data.series
        let largestCurrent = series.map { s in s.current_A.reduce(0) { max($0, abs($1)) } } ?? 0
        let floor_A = 1e-3 * largestCurrent
        let throughputs = cycles.map { ($0.chargeCapacity_Ah ?? 0) + ($0.dischargeCapacity_Ah ?? 0) }
        let typicalThroughput = median(throughputs.filter { $0 > 0 }) ?? 0

        for (k, c) in cycles.enumerated() {
            if let label = c.label {
                if let t = labelType(label) {
                    if t == .regular { candidate[k] = true } else {
                        out[k] = CycleClass(cycle: c.cycle, type: t, reason: "the file names it '\(label)'")
                    }
                    continue
                }
                out[k] = CycleClass(cycle: c.cycle, type: .other, reason: "the file names it '\(label)', not a known cycle type")
                continue
            }
            if let s = series, let rows = c.rows {
                if throughputs[k] < 0.01 * typicalThroughput {
                    out[k] = CycleClass(cycle: c.cycle, type: .rest, reason: String(
                        format: "passes %.3g Ah, under 1 %% of the file's typical %.3g Ah per cycle", throughputs[k], typicalThroughput))
                    continue
                }
                let segments = currentSegments(s, rows: rows, floor_A: floor_A)
                let larger = max(c.chargeCapacity_Ah ?? 0, c.dischargeCapacity_Ah ?? 0)
                let short = segments.filter { $0.charge_Ah < 0.3 * larger }.count
                if short >= 3 {
                    out[k] = CycleClass(cycle: c.cycle, type: .pulse, reason:
                        "\(short) of its \(segments.count) current segments each pass under 30 % of the cycle's capacity")
                    continue
                }
                let charges = segments.filter { $0.sign < 0 && $0.charge_Ah >= 0.25 * (c.chargeCapacity_Ah ?? 0) }.count
                let discharges = segments.filter { $0.sign > 0 && $0.charge_Ah >= 0.25 * (c.dischargeCapacity_Ah ?? 0) }.count
                if charges >= 2 || discharges >= 2 {
                    out[k] = CycleClass(cycle: c.cycle, type: .other, reason:
                        "\(charges) charge and \(discharges) discharge segments of at least 25 % of the cycle's capacity each: more than one cycle under one index")
                    continue
                }
            }
            candidate[k] = true
        }

        let candidates = cycles.indices.filter { candidate[$0] }
        let rates: [Int: Double] = series.map { s in
            Dictionary(uniqueKeysWithValues: candidates.compactMap { k in
                cycles[k].rows.flatMap { meanDischargeCurrent(s, rows: $0, floor_A: floor_A) }.map { (k, $0) }
            })
        } ?? [:]
        let typicalRate = median(Array(rates.values))
        // Complete candidates set the reference: a discharge, and a charge within a factor 2 of it where charge is recorded.
        func complete(_ k: Int) -> Bool {
            guard let qd = cycles[k].dischargeCapacity_Ah, qd > 0 else { return false }
            guard fileHasCharge else { return true }
            guard let qc = cycles[k].chargeCapacity_Ah, qc > 0 else { return false }
            return qd / qc >= 0.5 && qd / qc <= 2
        }
        let references = candidates.filter(complete)
        /// Median discharge of the complete candidates within ±10 of cycle position `k`.
        func reference(near k: Int, before: Bool = false) -> Double {
            let p = references.firstIndex { $0 >= k } ?? references.count
            let window = before ? references[max(0, p - 10)..<p]
                : references[max(0, p - 10)..<min(references.count, p + 11)]
            return median(window.compactMap { cycles[$0].dischargeCapacity_Ah }) ?? 0
        }
        for (j, k) in candidates.enumerated() {
            let c = cycles[k]
            let qRef = reference(near: k)
            func make(_ t: CycleType, _ reason: String) { out[k] = CycleClass(cycle: c.cycle, type: t, reason: reason) }
            let named = c.label.map { "named '\($0)'; " } ?? ""
            guard let qd = c.dischargeCapacity_Ah, qd > 0 else { make(.partial, named + "no discharge"); continue }
            if fileHasCharge, (c.chargeCapacity_Ah ?? 0) <= 0 { make(.partial, named + "no charge"); continue }
            let ratio = qRef > 0 ? qd / qRef : 1
            if ratio < 0.5 {
                make(.partial, named + String(format: "discharge %.4g Ah is %.0f %% of the neighbouring regular cycles' %.4g Ah (< 50 %%)", qd, 100 * ratio, qRef))
            } else if ratio > 1.5 {
                make(.capacityCheck, named + String(format: "full-depth discharge: %.4g Ah is %.0f %% of the neighbouring regular cycles' %.4g Ah (> 150 %%)", qd, 100 * ratio, qRef))
            } else if fileHasLabels {
                if c.label == nil {
                    make(.other, "unnamed in a file that names its cycles (a full cycle of a diagnostic block)")
                } else {
                    make(.regular, named + String(format: "discharge %.4g Ah, %.0f %% of the neighbouring regular cycles'", qd, 100 * ratio))
                }
            } else if j < 3, let ce = c.coulombicEfficiency, ce < 0.85 {
                make(.formation, named + String(format: "one of the first 3 cycles with a coulombic efficiency of %.3f (< 0.85)", ce))
            } else if let r = rates[k], let typical = typicalRate, r < 0.4 * typical {
                make(j < 3 ? .formation : .capacityCheck, named + String(
                    format: "slow: mean discharge current %.4g A is %.0f %% of the regular cycles' %.4g A (< 40 %%)%@",
                    r, 100 * r / typical, typical, j < 3 ? ", one of the first 3 cycles" : ""))
            } else {
                make(.regular, named + String(format: "discharge %.4g Ah, %.0f %% of the neighbouring regular cycles'", qd, 100 * ratio))
            }
        }
        // Rule 6: the last cycle, cut short.
        if let k = candidates.last, k == cycles.count - 1 {
            let c = cycles[k]
            let previous = candidates.dropLast().last
            let qRef = reference(near: k, before: true)
            let qd = c.dischargeCapacity_Ah ?? 0
            if qRef > 0, qd < 0.75 * qRef {
                out[k] = CycleClass(cycle: c.cycle, type: .incomplete, reason: String(
                    format: "the file's last cycle: discharge %.4g Ah is %.0f %% of the previous regular cycles' %.4g Ah (< 75 %%)",
                    qd, 100 * qd / qRef, qRef))
            } else if let s = series, let p = previous, let rows = c.rows, let prows = cycles[p].rows {
                let mine = stepSequence(s, rows: rows), theirs = stepSequence(s, rows: prows)
                if mine.count < theirs.count, Array(theirs.prefix(mine.count)) == mine {
                    out[k] = CycleClass(cycle: c.cycle, type: .incomplete, reason:
                        "the file's last cycle: its steps \(mine) stop before the previous cycle's \(theirs)")
                }
            }
        }
        return zip(cycles, out).map { c, x in x ?? CycleClass(cycle: c.cycle, type: .other, reason: "no rule applies") }
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
