import Foundation

/// Any delimited text file (comma, tab or semicolon; BOM, CRLF, Latin-1 and decimal commas handled) read with a
/// ``ColumnMapping`` that names its columns and units.
///
/// Conversion: each column's unit is the mapping's, else the one in the column name (`I/µA`, `Current(mA)`), else the
/// record's (s, A, V, Ah, Wh, °C). Time may also be clock strings (`h:mm:ss`). Current is negated when the mapping
/// says the file writes charge > 0 (``ColumnMapping/CurrentSign/positiveOnCharge``, the default). Without a cycle
/// column every row is cycle 0; without a step column, step 0.
public enum GenericCSVReader {
    public static func read(path: String, mapping: ColumnMapping, options: CyclerReadOptions = .init()) throws -> CyclerData {
        try read(text: DelimitedText.text(path: path), path: path, mapping: mapping, options: options)
    }

    public static func read(text: String, path: String, mapping: ColumnMapping,
                            options: CyclerReadOptions = .init()) throws -> CyclerData {
        let t = try CyclerTable(text: text, path: path, format: "generic CSV", headerLine: mapping.headerLine)
        func column(_ c: ColumnMapping.Column?, _ what: String, _ quantity: CyclerUnit.Quantity) throws -> CyclerTable.Column? {
            guard let c else { return nil }
            var found = try t.require([c.name], what: what)
            if let u = c.unit {
                guard u.quantity == quantity else {
                    throw InputError(file: path, key: what, message:
                        "the mapping gives \(found.label) the unit \(u.rawValue), which is not a unit of \(quantity.rawValue)")
                }
                found.unit = u
            }
            return found
        }
        var metadata = CyclerMetadata(format: .generic(mapping), sourcePath: path,
                                      nominalCapacity_Ah: options.nominalCapacity_Ah, dataRowCount: t.count)
        guard mapping.isTimeSeries else {
            guard let cycleName = mapping.cycle else {
                throw InputError(file: path, key: "cycle", message: "a per-cycle mapping (no time column) needs a cycle column")
            }
            guard mapping.chargeCapacity != nil || mapping.dischargeCapacity != nil else {
                throw InputError(file: path, key: "discharge_capacity", message:
                    "a per-cycle mapping needs a charge or discharge capacity column")
            }
            let columns = SummaryColumns(
                cycle: try t.require([cycleName], what: "cycle"), label: try mapping.label.map { try t.require([$0], what: "label") },
                chargeCapacity: try column(mapping.chargeCapacity, "charge capacity", .capacity),
                dischargeCapacity: try column(mapping.dischargeCapacity, "discharge capacity", .capacity),
                chargeEnergy: try column(mapping.chargeEnergy, "charge energy", .energy),
                dischargeEnergy: try column(mapping.dischargeEnergy, "discharge energy", .energy), start: nil, duration: nil)
            metadata.notes = ["per-cycle values from the mapped columns"]
            return CyclerData(metadata: metadata, series: nil, cycles: try columns.cycles(of: t))
        }
        guard let time = try column(mapping.time, "time", .time),
              let current = try column(mapping.current, "current", .current),
              let voltage = try column(mapping.voltage, "voltage", .voltage) else {
            throw InputError(file: path, key: mapping.current == nil ? "current" : "voltage", message:
                "a time-series mapping needs time, current and voltage columns")
        }
        let sign: Double = mapping.currentSign == .positiveOnCharge ? -1 : 1
        var raw = RawSeries(time_s: try t.times(time),
                            current_A: try t.numbers(current, unit: .ampere, required: true).map { sign * $0 },
                            voltage_V: try t.numbers(voltage, unit: .volt, required: true),
                            cycle: try mapping.cycle.map { try t.integers(t.require([$0], what: "cycle")) }
                                ?? Array(repeating: 0, count: t.count),
                            step: try mapping.step.map { try t.integers(t.require([$0], what: "step")) }
                                ?? Array(repeating: 0, count: t.count),
                            line: t.lines)
        if let c = try column(mapping.temperature, "temperature", .temperature) {
            raw.temperature_C = try t.numbers(c, unit: .celsius, required: false)
        }
        if let c = try column(mapping.chargeCapacity, "charge capacity", .capacity) {
            raw.chargeCounter_Ah = try t.numbers(c, unit: .ampereHour, required: false)
        }
        if let c = try column(mapping.dischargeCapacity, "discharge capacity", .capacity) {
            raw.dischargeCounter_Ah = try t.numbers(c, unit: .ampereHour, required: false)
        }
        metadata.notes = ["time: \(time.name) (\((time.unit ?? .second).rawValue)); current: \(current.name) "
                          + "(\((current.unit ?? .ampere).rawValue))"
                          + (sign < 0 ? " negated (file: charge > 0)" : " as written (file: discharge > 0)")]
        let series = try raw.assemble(path: path, timeColumn: time.label, metadata: &metadata)
        return CyclerData(metadata: metadata, series: series)
    }
}
