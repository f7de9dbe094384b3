import Foundation

// Memberwise initializers the package's other targets (the aging-fit workload of CellTwinBenchmarks) build fit inputs
// with; the library's own code uses the implicit ones.

extension FreeParameter {
    package init(key: FitKey, initial: Double?, lower: Double?, upper: Double?) {
        self.init(key: key, initial: initial, lower: lower, upper: upper, prior: nil, priorFactor: nil, priorSD: nil)
    }
}

extension MeasurementRow {
    package init(file: String, line: Int, source: String, electrolyte: String, kind: String, cathode: String?,
                 temperature_C: Double?, cRate: Double?, current_mA_cm2: Double?, arealCapacity_mAh_cm2: Double?, cycle: Int?,
                 time_h: Double?, quantity: String, valueText: String, value: Double?, unit: String, qualifier: String,
                 note: String) {
        self.init(file: file, line: line, source: source, electrolyte: electrolyte, kind: kind, cathode: cathode,
                  temperature_C: temperature_C, cRate: cRate, current_mA_cm2: current_mA_cm2,
                  arealCapacity_mAh_cm2: arealCapacity_mAh_cm2, cycle: cycle, time_h: time_h, quantity: quantity,
                  valueText: valueText, value: value, unit: unit, qualifier: qualifier, note: note,
                  specificCapacity_mAh_g: nil, frequency_Hz: nil)
    }
}
