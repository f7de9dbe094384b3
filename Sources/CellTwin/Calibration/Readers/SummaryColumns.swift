import Foundation

/// The columns of a per-cycle summary file and how they become ``MeasuredCycle``s (DOE summary, BEEP summaries,
/// generic summaries). Capacities in Ah and energies in Wh unless the column carries another unit; missing
/// values (`NaN`, empty) become nil. Cycle indexes must increase from row to row.
struct SummaryColumns {
    var cycle: CyclerTable.Column
    var label: CyclerTable.Column?
    var chargeCapacity: CyclerTable.Column?
    var dischargeCapacity: CyclerTable.Column?
    var chargeEnergy: CyclerTable.Column?
    var dischargeEnergy: CyclerTable.Column?
    var start: CyclerTable.Column?
    var duration: CyclerTable.Column?

    func cycles(of t: CyclerTable) throws -> [MeasuredCycle] {
        let index = try t.integers(cycle)
        for k in index.indices.dropFirst() where index[k] <= index[k - 1] {
            throw InputError(file: t.path, line: t.rows[k].line, message:
                "\(cycle.label): cycle \(index[k]) after cycle \(index[k - 1]); a summary needs increasing cycles")
        }
        func column(_ c: CyclerTable.Column?, _ unit: CyclerUnit) throws -> [Double?] {
            guard let c else { return Array(repeating: nil, count: t.count) }
            return try t.numbers(c, unit: unit, required: false).map { $0.isNaN ? nil : $0 }
        }
        let qc = try column(chargeCapacity, .ampereHour), qd = try column(dischargeCapacity, .ampereHour)
        let ec = try column(chargeEnergy, .wattHour), ed = try column(dischargeEnergy, .wattHour)
        let t0 = try column(start, .second), dt = try column(duration, .second)
        let labels = label.map { t.strings($0) }
        return index.indices.map { k in
            let l = labels.map { String($0[k]) }
            return MeasuredCycle(cycle: index[k], label: l?.isEmpty == false ? l : nil, start_s: t0[k], duration_s: dt[k],
                                 chargeCapacity_Ah: qc[k], dischargeCapacity_Ah: qd[k],
                                 chargeEnergy_Wh: ec[k], dischargeEnergy_Wh: ed[k])
        }
    }
}
