import ArgumentParser
import CellTwin
import Foundation

/// Parses "0.88Ah", "880 mAh" or "0.88" (Ah) into ampere-hours.
func parseCapacity_Ah(_ text: String) throws -> Double {
    let t = text.trimmingCharacters(in: .whitespaces).lowercased()
    let (number, scale): (Substring, Double) = t.hasSuffix("mah") ? (t.dropLast(3), 1e-3) : t.hasSuffix("ah") ? (t.dropLast(2), 1) : (Substring(t), 1)
    guard let v = Double(number.trimmingCharacters(in: .whitespaces)), v.isFinite, v > 0 else {
        throw ValidationError("cannot read the capacity '\(text)' (write e.g. 0.88Ah or 880mAh)")
    }
    return v * scale
}

/// A `--threshold`: a capacity, or a fraction of a reference capacity ("80%").
enum ForecastThreshold: Equatable {
    case capacity_Ah(Double)
    case fraction(Double)

    init(_ text: String) throws {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix("%") {
            guard let v = Double(t.dropLast().trimmingCharacters(in: .whitespaces)), v.isFinite, v > 0, v < 100 else {
                throw ValidationError("--threshold '\(text)': a percentage must lie between 0 and 100 % (exclusive), e.g. 80%")
            }
            self = .fraction(v / 100)
        } else {
            do { self = .capacity_Ah(try parseCapacity_Ah(t)) } catch {
                throw ValidationError("--threshold '\(text)': write a capacity (0.88Ah, 880mAh) or a percentage of the reference capacity (80%)")
            }
        }
    }

    /// Ah, given the reference capacity for a percentage.
    func capacity_Ah(reference: Double) -> Double {
        switch self {
        case .capacity_Ah(let q): return q
        case .fraction(let f): return f * reference
        }
    }
}

/// Which cycles `forecast` reads.
enum ForecastCycles: String, ExpressibleByArgument, CaseIterable {
    /// Only the cycles ``CycleClassifier`` calls regular.
    case regular
    /// Every cycle with a discharge capacity (the incomplete last cycle is still left out).
    case all
}

/// How `forecast` predicts.
enum ForecastModel: String, ExpressibleByArgument, CaseIterable {
    /// Regression on the other cells of the data (or power-law extrapolation of a single history).
    case population
    /// The lifetime simulator with its aging parameters fitted to the cell's first cycles.
    case twin
}

struct Forecast: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Predict a cell's cycle life to a capacity threshold from its first cycles, with an interval.",
        discussion: """
        Reads only the regular cycles of a cycler file (see `celltwin inspect`; --cycles all reads every cycle with a \
        discharge capacity, --exclude leaves cycles out); an incomplete last cycle is always left out. A history that \
        does not fade, a degenerate fit, or a life beyond 20 times the cycles read (population model: 10^6 cycles) is \
        refused with the reason and a non-zero exit. With a capacity matrix the population model also reports its \
        leave-one-out error beside the no-skill baseline (the mean life of the other cells). With --output: forecast.json.
        """)

    @Option(help: "Cycler file or capacity matrix (rows = cells, columns = cycles).")
    var data: String

    @Option(help: "Row of a capacity matrix (0-based).")
    var cell: Int = 0

    @Option(help: "Cycles the prediction may read (counted among the cycles kept by --cycles).")
    var first: Int = 100

    @Option(help: "Capacity threshold: a capacity (0.88Ah, 880mAh) or a percentage of the reference capacity (80%).")
    var threshold: String

    @Option(help: "Reference capacity for a percentage threshold (default: the mean of the cell's first 5 cycles read).")
    var reference: String?

    @Option(help: "Cycles read: regular (the cycles classified regular) or all.")
    var cycles: ForecastCycles = .regular

    @Option(help: "Cycle indexes (as in the file) to leave out, comma-separated.")
    var exclude: String?

    @Option(help: "population (regression on the other cells, or power-law extrapolation of one history) or twin (fit the lifetime model's aging parameters to the first cycles and simulate forward).")
    var model: ForecastModel = .population

    @Option(help: "twin: electrolyte model whose aging parameters are fitted.")
    var electrolyte: String = TwinForecastOptions().electrolyteID

    @Option(help: "twin: cathode of the simulated cell.")
    var cathode: String = TwinForecastOptions().cathodeID

    @Option(help: "twin: temperature of the simulated test, °C.")
    var temperature: Double = TwinForecastOptions().temperature_C

    @Option(name: .customLong("c-rate"), help: "twin: discharge C-rate of the simulated test.")
    var cRate: Double = TwinForecastOptions().cRate

    @Option(help: "twin: fitted aging keys, comma-separated.")
    var free: String = TwinForecastOptions().free.joined(separator: ",")

    @Option(help: "twin: one fitted point per N cycles.")
    var every: Int = TwinForecastOptions().every

    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard first >= 10 else { throw ValidationError("--first must be at least 10 cycles, got \(first)") }
        guard first <= Forecaster.maximumCycles else { throw ValidationError("--first must be at most \(Forecaster.maximumCycles) cycles, got \(first)") }
        guard cell >= 0 else { throw ValidationError("--cell must not be negative, got \(cell)") }
        _ = try ForecastThreshold(threshold)
        if let reference { _ = try referenceCapacity(reference) }
        _ = try excluded()
        guard every >= 1 else { throw ValidationError("--every must be at least 1, got \(every)") }
        guard temperature >= 0, temperature <= 150 else { throw ValidationError("--temperature must lie in 0–150 °C, got \(temperature)") }
        guard cRate > 0, cRate <= 20 else { throw ValidationError("--c-rate must lie in (0, 20], got \(cRate)") }
    }

    func referenceCapacity(_ text: String) throws -> Double {
        do { return try parseCapacity_Ah(text) } catch {
            throw ValidationError("--reference '\(text)': write a capacity, e.g. 1.1Ah or 1100mAh")
        }
    }

    func excluded() throws -> Set<Int> {
        guard let exclude else { return [] }
        var out: Set<Int> = []
        for part in exclude.split(separator: ",") {
            guard let n = Int(part.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--exclude '\(exclude)': write cycle indexes separated by commas, e.g. 1,2,40")
            }
            out.insert(n)
        }
        return out
    }

    /// The history of the chosen cell: a capacity-matrix row (all rows, for the population model), or the
    /// discharge capacities of the cycles kept from a cycler file, with what was left out.
    func histories() throws -> (series: [[Double]], data: CyclerData, notes: [String]) {
        if case .capacityMatrix = try CyclerFile.detect(path: self.data) {
            let matrix = try CapacityMatrix(path: self.data)
            guard matrix.capacities_Ah.indices.contains(cell) else { throw ForecastError.noSuchCell(cell, count: matrix.cellCount) }
            return (matrix.capacities_Ah, try matrix.data(cell: cell), [])
        }
        guard cell == 0 else {
            throw ValidationError("--cell \(cell): '\((self.data as NSString).lastPathComponent)' holds one cell (--cell is for a capacity matrix)")
        }
        var file = try CyclerFile.read(path: self.data)
        let (kept, notes) = file.selectCycles(CycleSelection(regularOnly: cycles == .regular, exclude: try excluded()))
        file.cycles = kept.filter { c in c.dischargeCapacity_Ah.map { $0.isFinite && $0 > 0 } ?? false }
        if file.cycles.count < first {
            let what = cycles == .regular ? "regular cycles" : "cycles"
            throw ForecastError.invalid("\(self.data): \(file.cycles.count) \(what) with a discharge capacity; the forecast needs at least --first \(first)"
                + (notes.isEmpty ? "" : " (" + notes.joined(separator: "; ") + ")")
                + (cycles == .regular ? ". See each cycle's type with `celltwin inspect \(self.data)`; --cycles all reads every cycle" : ""))
        }
        return ([file.cycles.map { $0.dischargeCapacity_Ah! }], file, notes)
    }

    /// The threshold in Ah and how it was set.
    func thresholdAh(history: [Double]) throws -> (Double, String?) {
        let t = try ForecastThreshold(threshold)
        guard case .fraction(let f) = t else { return (t.capacity_Ah(reference: 0), nil) }
        if let reference {
            let r = try referenceCapacity(reference)
            return (f * r, String(format: "threshold %g %% of the stated reference %.5g Ah = %.5g Ah", 100 * f, r, f * r))
        }
        let head = history.prefix(5)
        guard !head.isEmpty else { throw ForecastError.tooFewCycles(cell: cell, have: 0, need: first) }
        let r = head.reduce(0, +) / Double(head.count)
        return (f * r, String(format: "threshold %g %% of the initial capacity %.5g Ah (mean of the first %d cycles read) = %.5g Ah",
                              100 * f, r, head.count, f * r))
    }

    func run() throws {
        let (series, data, notes) = try histories()
        let (thresholdAh, how) = try thresholdAh(history: series[series.count > 1 ? cell : 0])
        var f: CycleLifeForecast
        if model == .twin {
            f = try twin(data: data, row: series.count > 1 ? cell : nil, thresholdAh: thresholdAh)
        } else {
            var s = series
            let i = series.count > 1 ? cell : 0
            // The predicted cell contributes only its first cycles.
            s[i] = Array(s[i].prefix(first))
            f = try Forecaster.forecast(series: s, cell: i, first: first, threshold: thresholdAh)
            if f.model.hasPrefix("population") {
                let k = try Forecaster.skill(series: series, first: first, threshold: thresholdAh)
                f.notes.append(String(format: "skill (each of the %d cells that reach the threshold predicted from the others): mean absolute error %.1f %%, no-skill baseline (mean life of the others) %.1f %%; %d of %d inside their 95 %% interval",
                                      k.cells, k.mape_percent, k.baseline_mape_percent, k.inside_interval, k.cells)
                              + (k.mape_percent >= k.baseline_mape_percent ? "; no better than the baseline from \(first) cycles: read the interval, not the central value" : ""))
            }
        }
        f.notes = (how.map { [$0] } ?? []) + notes + f.notes
        try emit(ForecastReport(f, cell: cell, threshold_Ah: thresholdAh, firstCycles: first), common.emitOptions)
    }

    /// The twin forecast of the chosen cell (only its first `first` cycles are passed on).
    func twin(data: CyclerData, row: Int?, thresholdAh: Double) throws -> CycleLifeForecast {
        var data = data
        let keep = Set(data.dischargeCapacities_Ah.prefix(first).map(\.cycle))
        data.cycles = data.cycles.filter { keep.contains($0.cycle) }
        var o = TwinForecastOptions()
        o.electrolyteID = electrolyte
        o.cathodeID = cathode
        o.temperature_C = temperature
        o.cRate = cRate
        o.every = every
        o.free = free.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let f = try TwinForecaster.forecast(data: data, cell: row, first: first, threshold_Ah: thresholdAh, options: o,
                                            library: common.modelLibrary()).forecast
        guard let p = f.predicted_cycles_to_threshold, p.isFinite else {
            throw ForecastError.beyondHorizon(lowerBound: o.maxCycles, reason: "the fitted twin does not reach \(String(format: "%.4g", thresholdAh)) Ah within the \(o.maxCycles) cycles simulated. \(f.model)")
        }
        return f
    }
}

