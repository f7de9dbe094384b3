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

    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard first >= 10 else { throw ValidationError("--first must be at least 10 cycles, got \(first)") }
        guard cell >= 0 else { throw ValidationError("--cell must not be negative, got \(cell)") }
        _ = try parseCapacity_Ah(threshold)
    }

    func run() throws {
        do {
            let thresholdAh = try parseCapacity_Ah(threshold)
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
            let f = try Forecaster.forecast(series: series, cell: cell, first: first, threshold: thresholdAh)
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
        } catch let e as ExitCode { throw e } catch let e as ValidationError { throw e } catch { throw fail(error) }
    }
}
