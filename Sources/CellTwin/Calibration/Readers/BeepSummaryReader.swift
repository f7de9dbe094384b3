import Foundation

/// BEEP per-cycle summaries as CSV: `cycle_index, [cycle_type,] discharge_capacity, charge_capacity,
/// discharge_energy, charge_energy, …, date_time_iso, …` — the `summary` and `diagnostic_summary` of a BEEP
/// ProcessedCyclerRun, written out as CSV (`PreDiag_000233_summary_derived.csv`, `…_diagnostic_summary_derived.csv`).
///
/// One ``MeasuredCycle`` per row: capacities in Ah, energies in Wh, `cycle_type` as the label (`regular`, `reset`,
/// `hppc`, `rpt_0.2C`, …), empty cells → nil. `date_time_iso` of the first row is the start date.
public enum BeepSummaryReader {
    public static func read(path: String, options: CyclerReadOptions = .init()) throws -> CyclerData {
        try read(text: DelimitedText.text(path: path), path: path, options: options)
    }

    public static func read(text: String, path: String, options: CyclerReadOptions = .init()) throws -> CyclerData {
        let t = try CyclerTable(text: text, path: path, format: CyclerFormat.beepSummary.name)
        let columns = SummaryColumns(
            cycle: try t.require(["cycle_index"], what: "cycle index"), label: t.find(["cycle_type"]),
            chargeCapacity: try t.require(["charge_capacity"], what: "charge capacity"),
            dischargeCapacity: try t.require(["discharge_capacity"], what: "discharge capacity"),
            chargeEnergy: t.find(["charge_energy"]), dischargeEnergy: t.find(["discharge_energy"]),
            start: nil, duration: nil)
        var metadata = CyclerMetadata(format: .beepSummary, sourcePath: path, nominalCapacity_Ah: options.nominalCapacity_Ah,
                                      dataRowCount: t.count,
                                      notes: ["per-cycle values from charge_capacity, discharge_capacity (Ah), "
                                              + "charge_energy, discharge_energy (Wh); empty → none"])
        if let d = t.find(["date_time_iso"]), let first = t.rows.first, let cell = t.cell(first, d), !cell.isEmpty {
            metadata.startDate = String(cell)
        }
        return CyclerData(metadata: metadata, series: nil, cycles: try columns.cycles(of: t))
    }
}
