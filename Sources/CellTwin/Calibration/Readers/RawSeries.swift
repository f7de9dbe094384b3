import Foundation

/// A time series as a reader pulled it out of a file (already in s, A positive on discharge, V, °C, Ah), before the
/// checks every format shares: ``assemble(path:timeColumn:metadata:)`` turns it into a ``CyclerSeries``.
struct RawSeries {
    var time_s: [Double]
    var current_A: [Double]
    var voltage_V: [Double]
    var cycle: [Int]
    var step: [Int]
    var temperature_C: [Double]?
    var chargeCounter_Ah: [Double]?
    var dischargeCounter_Ah: [Double]?
    var line: [Int]

    /// Leaves out the rows where `skip` gives a reason, and lists them in `metadata`.
    mutating func drop(_ metadata: inout CyclerMetadata, where skip: (Int) -> String?) {
        var keep: [Int] = []
        keep.reserveCapacity(line.count)
        for k in line.indices {
            if let reason = skip(k) { metadata.skippedRows.append(SkippedRow(line: line[k], reason: reason)) } else { keep.append(k) }
        }
        guard keep.count < line.count else { return }
        select(keep)
    }

    mutating func select(_ rows: [Int]) {
        time_s = rows.map { time_s[$0] }
        current_A = rows.map { current_A[$0] }
        voltage_V = rows.map { voltage_V[$0] }
        cycle = rows.map { cycle[$0] }
        step = rows.map { step[$0] }
        temperature_C = temperature_C.map { t in rows.map { t[$0] } }
        chargeCounter_Ah = chargeCounter_Ah.map { c in rows.map { c[$0] } }
        dischargeCounter_Ah = dischargeCounter_Ah.map { c in rows.map { c[$0] } }
        line = rows.map { line[$0] }
    }

    /// The checks shared by all formats:
    ///
    /// - **Time** must not decrease (equal times are allowed: a step change logged within the clock's resolution).
    ///   One exception: a single row whose time lies before the row before it while the row after it continues from
    ///   there is a glitch record (the Arbin GITT file `2019-01-14-GITT_CH16.csv` has `Test_Time` −84.8 s between
    ///   78,743 s and 78,863 s, a duplicate of the row before); it is left out and listed in
    ///   ``CyclerMetadata/skippedRows``. Any other decrease is an ``InputError`` naming the line and `timeColumn`.
    /// - **Cycle index** must not decrease; when it does (a counter restarted by a resumed test or joined files) the
    ///   numbering is continued from the last cycle + 1, and the reset is written to ``CyclerMetadata/notes``.
    func assemble(path: String, timeColumn: String, metadata: inout CyclerMetadata) throws -> CyclerSeries {
        guard !time_s.isEmpty else { throw InputError(file: path, message: "no data rows left to read") }
        var s = self
        var keep: [Int] = [0]
        keep.reserveCapacity(time_s.count)
        var last = time_s[0]
        for k in 1..<time_s.count {
            if time_s[k] >= last {
                last = time_s[k]
                keep.append(k)
            } else if k + 1 < time_s.count, time_s[k + 1] >= last {
                metadata.skippedRows.append(SkippedRow(line: line[k], reason:
                    "\(timeColumn) \(time_s[k]) s lies before the row before (\(last) s) and the next row continues "
                    + "from there: a glitch record, left out"))
            } else {
                throw InputError(file: path, line: line[k], message:
                    "\(timeColumn): time goes backwards (\(time_s[k]) s after \(last) s at line \(line[keep.last ?? 0]))")
            }
        }
        if keep.count < time_s.count { s.select(keep) }

        var offset = 0
        var previousRaw = s.cycle[0]
        for k in 1..<s.cycle.count {
            let raw = s.cycle[k]
            if raw + offset < s.cycle[k - 1] {
                offset = s.cycle[k - 1] + 1 - raw
                metadata.notes.append("the cycle index restarts at line \(s.line[k]) (\(raw) after \(previousRaw)); "
                                      + "numbering continued: cycle \(raw) there is cycle \(raw + offset) here")
            }
            previousRaw = raw
            s.cycle[k] = raw + offset
        }
        return CyclerSeries(time_s: s.time_s, current_A: s.current_A, voltage_V: s.voltage_V, cycle: s.cycle,
                            step: s.step, temperature_C: s.temperature_C, chargeCounter_Ah: s.chargeCounter_Ah,
                            dischargeCounter_Ah: s.dischargeCounter_Ah, line: s.line)
    }
}
