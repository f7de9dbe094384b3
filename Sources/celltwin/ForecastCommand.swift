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

/// How `forecast` predicts.
enum ForecastModel: String, ExpressibleByArgument, CaseIterable {
    /// Regression on the other cells of the data (or power-law extrapolation of a single history).
    case population
    /// The lifetime simulator with its aging parameters fitted to the cell's first cycles.
    case twin
}

struct Forecast: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Predict a cell's cycle life to a capacity threshold from its first cycles, with an interval.")

    @Option(help: "Cycler file or capacity matrix (rows = cells, columns = cycles).")
    var data: String

    @Option(help: "Row of a capacity matrix (0-based).")
    var cell: Int = 0

    @Option(help: "Cycles the prediction may read.")
    var first: Int = 100

    @Option(help: "Capacity threshold, e.g. 0.88Ah.")
    var threshold: String

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
        guard cell >= 0 else { throw ValidationError("--cell must not be negative, got \(cell)") }
        _ = try parseCapacity_Ah(threshold)
        guard every >= 1 else { throw ValidationError("--every must be at least 1, got \(every)") }
        guard temperature >= 0, temperature <= 150 else { throw ValidationError("--temperature must lie in 0–150 °C, got \(temperature)") }
        guard cRate > 0, cRate <= 20 else { throw ValidationError("--c-rate must lie in (0, 20], got \(cRate)") }
    }

    /// The twin forecast of the chosen cell (only its first `first` cycles are passed on).
    func twin(thresholdAh: Double) throws -> CycleLifeForecast {
        var data: CyclerData
        var row: Int?
        if case .capacityMatrix = try CyclerFile.detect(path: self.data) {
            let matrix = try CapacityMatrix(path: self.data)
            guard matrix.capacities_Ah.indices.contains(cell) else { throw ForecastError.noSuchCell(cell, count: matrix.cellCount) }
            data = try matrix.data(cell: cell)
            row = cell
        } else {
            data = try CyclerFile.read(path: self.data)
        }
        let keep = Set(data.dischargeCapacities_Ah.prefix(first).map(\.cycle))
        data.cycles = data.cycles.filter { keep.contains($0.cycle) }
        var o = TwinForecastOptions()
        o.electrolyteID = electrolyte
        o.cathodeID = cathode
        o.temperature_C = temperature
        o.cRate = cRate
        o.every = every
        o.free = free.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return try TwinForecaster.forecast(data: data, cell: row, first: first, threshold_Ah: thresholdAh, options: o,
                                           library: common.modelLibrary()).forecast
    }

    func run() throws {
        do {
            let thresholdAh = try parseCapacity_Ah(threshold)
            let f: CycleLifeForecast
            if model == .twin {
                f = try twin(thresholdAh: thresholdAh)
            } else {
                f = try population(thresholdAh: thresholdAh)
            }
            try show(f, thresholdAh: thresholdAh)
        } catch let e as ExitCode { throw e } catch let e as ValidationError { throw e } catch { throw fail(error) }
    }

    func population(thresholdAh: Double) throws -> CycleLifeForecast {
        var series: [[Double]]
        if case .capacityMatrix = try CyclerFile.detect(path: data) {
            series = try CapacityMatrix(path: data).capacities_Ah
        } else {
            let file = try CyclerFile.read(path: data)
            series = [file.dischargeCapacities_Ah.map(\.capacity_Ah)]
        }
        guard series.indices.contains(cell) else {
            throw ForecastError.noSuchCell(cell, count: series.count)
        }
        // The predicted cell contributes only its first cycles.
        series[cell] = Array(series[cell].prefix(first))
        return try Forecaster.forecast(series: series, cell: cell, first: first, threshold: thresholdAh)
    }

    func show(_ f: CycleLifeForecast, thresholdAh: Double) throws {
        var record = f
        record.observed_cycles_to_threshold = nil
        switch common.format {
        case .json: print(try SolutionReport.json(record), terminator: "")
        case .csv:
            print("predicted_cycles_to_threshold,interval_low,interval_high,threshold_Ah,first_cycles,model")
            func n(_ x: Double?) -> String { x.map { String(format: "%.1f", $0) } ?? "" }
            print("\(n(f.predicted_cycles_to_threshold)),\(n(f.interval_low)),\(n(f.interval_high)),\(thresholdAh),\(first),\"\(f.model)\"")
        case .table:
            if let p = f.predicted_cycles_to_threshold {
                print(String(format: "cell %d: %.0f cycles to %.4g Ah (95 %% interval %.0f–%.0f) from its first %d cycles",
                             cell, p, thresholdAh, f.interval_low ?? .nan, f.interval_high ?? .nan, first))
            } else {
                print(String(format: "cell %d: the fitted fade does not reach %.4g Ah", cell, thresholdAh))
            }
            print("model: \(f.model)")
        }
    }
}
