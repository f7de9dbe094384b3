import Foundation
import Testing
@testable import CellTwin

@Suite struct CalibratedRangeTests {
    /// 25–60 °C, discharge 0.1–1C, charge 0.1–0.5C, LFP and NCM523, cycles 1–500.
    static let range = CalibratedRange(electrolyteID: "X", temperature_C: 25...60, chargeCRate: 0.1...0.5, dischargeCRate: 0.1...1,
                                       cathodes: ["LFP", "NCM523"], cycles: 1...500)

    static func at(_ t: Double, cathode: String = "LFP", charge: Double = 0.2, discharge: Double = 0.5, cycles: Int = 100) -> PredictionCondition {
        PredictionCondition(temperature_C: t, cathode: cathode, chargeCRates: [charge], dischargeCRates: [discharge], cycles: cycles)
    }

    @Test func insideWithinTheMargins() {
        let r = Self.range
        #expect(r.verdict(Self.at(25)) == .inside)
        #expect(r.verdict(Self.at(60)) == .inside)
        // ±2 K on the temperature, ×/÷ 1.1 on the rates, +10 % on the cycles.
        #expect(r.verdict(Self.at(23.5)) == .inside)
        #expect(r.verdict(Self.at(61.9)) == .inside)
        #expect(r.verdict(Self.at(40, charge: 0.54, discharge: 1.09, cycles: 550)) == .inside)
        #expect(r.verdict(Self.at(40, charge: 0.091, discharge: 0.091)) == .inside)
        #expect(r.verdict(Self.at(40, cathode: "NCM523")) == .inside)
        #expect(r.verdict(Self.at(40)).label == "inside")
        #expect(r.verdict(Self.at(40)).reason == nil)
    }

    @Test func outsideNamesEachCoordinateAndHowFar() {
        let r = Self.range
        #expect(r.verdict(Self.at(80)) == .outside(["T 80 °C, 20 K above the calibrated 25–60 °C"]))
        #expect(r.verdict(Self.at(0)) == .outside(["T 0 °C, 25 K below the calibrated 25–60 °C"]))
        #expect(r.verdict(Self.at(40, cathode: "NCM811")) == .outside(["cathode NCM811, not among the calibrated LFP, NCM523"]))
        #expect(r.verdict(Self.at(40, discharge: 2)) == .outside(["discharge 2C, 2× the calibrated 0.1–1C"]))
        #expect(r.verdict(Self.at(40, charge: 0.05)) == .outside(["charge 0.05C, below the calibrated 0.1–0.5C"]))
        #expect(r.verdict(Self.at(40, cycles: 1000)) == .outside(["1000 cycles, beyond the calibrated 1–500"]))
        let v = r.verdict(Self.at(100, cathode: "S", cycles: 2000))
        #expect(v.label == "outside")
        #expect(v.reason == "T 100 °C, 40 K above the calibrated 25–60 °C; cathode S, not among the calibrated LFP, NCM523; 2000 cycles, beyond the calibrated 1–500")
        // A twin without full-cell rows, or without a fit set-up, has no range: every prediction is outside it.
        let none = CalibratedRange(electrolyteID: "Y", temperature_C: nil, chargeCRate: nil, dischargeCRate: nil, cathodes: [], cycles: nil)
        #expect(none.verdict(Self.at(40)).label == "outside")
        #expect(CalibratedRange.verdict(nil, electrolyte: "Y", at: Self.at(40)).reason == "Y has no fit set-up (Calibration/Y/fit.toml)")
    }

    /// The band's report: inside with a narrow band, inside with a wide one (the informative failure, with its driver),
    /// outside.
    @Test func verdictText() {
        let narrow = PredictionBand(value: 100, low: 97, high: 103, method: "linearised", driver: "a")
        let wide = PredictionBand(value: 100, low: 90, high: 110, method: "linearised", driver: "electrodes.LFP.diffusion_time_s")
        #expect(RangeVerdict.inside.text(capacity: narrow) == "inside calibrated range")
        #expect(RangeVerdict.inside.text(capacity: wide)
                == "inside calibrated range, but the capacity band is ±10.0 % (over 5 %), driven by electrodes.LFP.diffusion_time_s")
        #expect(RangeVerdict.outside(["T 80 °C, 20 K above the calibrated 25–60 °C"]).text(capacity: narrow)
                == "extrapolation: T 80 °C, 20 K above the calibrated 25–60 °C")
        #expect(RangeVerdict.outside(["x"]).text(capacity: wide).hasPrefix("extrapolation: x; the capacity band is ±10.0 %"))
    }

    /// The C-rates of an experiment's current-driven steps, recovered from their current densities.
    @Test func conditionOfAnExperiment() throws {
        let d = try Fixtures.models.cell(electrolyte: "CPCSE", cathode: "LFP")
        let ex = try Experiment(steps: ["Charge at 0.2C until 3.8 V", "Hold at 3.8 V until C/20", "Discharge at 0.5C until 2.5 V", "Rest for 10 minutes"],
                                cycles: 3)
        let c = PredictionCondition(experiment: ex, design: d, temperature_C: 60, cycles: 3)
        #expect(c.chargeCRates.count == 1)
        #expect(abs(c.chargeCRates[0] - 0.2) < 1e-12)
        #expect(abs(c.dischargeCRates[0] - 0.5) < 1e-12)
        #expect(c.cathode == "LFP")
        #expect(c.cycles == 3)
    }

    /// Every shipped twin's own fitted full-cell rows lie inside its range, and the range's ends are rows' conditions.
    @Test func shippedTwinsContainTheirRows() throws {
        let lib = Fixtures.models
        var checked = 0
        for id in lib.electrolyteIDs {
            let path = CalibratedRange.setupPath(id, library: lib)
            try #require(FileManager.default.fileExists(atPath: path), "\(id) has no fit set-up")
            let inputs = try Calibrator.inputs(setupPath: path, library: lib)
            let points = FitPointBuilder.build(rows: inputs.rows, setup: inputs.setup).points
                .filter { CalibratedRange.fullCellKinds.contains($0.kind) }
            let r = CalibratedRange(electrolyteID: id, points: points, setup: inputs.setup, electrolyte: inputs.base)
            let conditions = points.map { CalibratedRange.condition($0, setup: inputs.setup, electrolyte: inputs.base) }
            for c in conditions { #expect(r.verdict(c) == .inside, "\(id): \(c)") }
            print("\(id): \(r.summary)")
            if let t = r.temperature_C {
                #expect(conditions.contains { $0.temperature_C == t.lowerBound } && conditions.contains { $0.temperature_C == t.upperBound })
                checked += 1
            } else {
                #expect(points.isEmpty)
            }
        }
        #expect(checked >= 5)
    }

    /// A leave-condition-out refit's range is that of the rows it kept: without CMP-VAMMT's 60 °C rows the range is
    /// 30 °C, and a left-out 60 °C row lies 30 K above it.
    /// The temperature a fit's full-cell rows centre on (reciprocal mean 1/T) lies in their span, and is the rows'
    /// temperature when they all ran at one.
    @Test func fittedTemperatureLiesInTheSpan() throws {
        let lib = Fixtures.models
        var spread = 0
        for id in lib.electrolyteIDs {
            let path = CalibratedRange.setupPath(id, library: lib)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let inputs = try Calibrator.inputs(setupPath: path, library: lib)
            let points = FitPointBuilder.build(rows: inputs.rows, setup: inputs.setup).points
            let range = CalibratedRange(electrolyteID: id, points: points, setup: inputs.setup, electrolyte: inputs.base)
            let t_K = CalibratedRange.fittedTemperature_K(points: points, setup: inputs.setup, electrolyte: inputs.base)
            guard let span = range.temperature_C else { #expect(t_K == nil); continue }
            let t = try #require(t_K) - 273.15
            #expect(t >= span.lowerBound - 1e-9 && t <= span.upperBound + 1e-9, "\(id): \(t) °C in \(span)")
            if span.lowerBound == span.upperBound {
                #expect(abs(t - span.lowerBound) < 1e-9)
            } else {
                spread += 1
                #expect(t > span.lowerBound && t < span.upperBound, "\(id): strictly inside \(span)")
            }
        }
        #expect(spread > 0, "some shipped twin has full-cell rows at more than one temperature")
        #expect(CalibratedRange.fittedTemperature_K(points: [], setup: try FitSetup.load(path: CalibratedRange.setupPath("CMP", library: lib)),
                                                     electrolyte: try lib.electrolyte("CMP")) == nil)
    }

    @Test func aRefitsRangeLeavesTheLeftOutConditionOutside() throws {
        let lib = Fixtures.models
        let inputs = try Calibrator.inputs(setupPath: CalibratedRange.setupPath("CMP-VAMMT", library: lib), library: lib)
        let points = FitPointBuilder.build(rows: inputs.rows, setup: inputs.setup).points.filter { CalibratedRange.fullCellKinds.contains($0.kind) }
        let hot = points.filter { $0.temperature_C == 60 }, kept = points.filter { $0.temperature_C != 60 }
        try #require(!hot.isEmpty && !kept.isEmpty)
        let r = CalibratedRange(electrolyteID: "CMP-VAMMT", points: kept, setup: inputs.setup, electrolyte: inputs.base)
        #expect(r.temperature_C == 30...30)
        for p in hot {
            let v = r.verdict(CalibratedRange.condition(p, setup: inputs.setup, electrolyte: inputs.base))
            #expect(v.reason?.hasPrefix("T 60 °C, 30 K above the calibrated 30 °C") == true, "\(v)")
        }
    }

    /// Capacity bands at a calibrated condition wider than ±5 %, each with the parameter that drives it and why
    /// (issue 13: "inside the calibrated range a capacity band's half-width stays within the capacity tolerance"). Key:
    /// "<electrolyte> <row location>".
    ///
    /// The fit reads the 5 % capacity tolerance as a 95 % half-width (a standard uncertainty of 2.55 %,
    /// ``CapacityObservation/standardUncertainty``), so a key fixed by n capacity rows alone gives them a 95 % band of
    /// about 1.96 × 2.55 %/√n = 5 %/√n: within ±5 % from one row on, unless the key is correlated with another the
    /// row also fixes, other keys the row depends on add their share, or a prior the data do not fix (an assumed
    /// temperature or loading) moves it.
    static let knownWide: [String: (driver: String, reason: String)] = [
        "ANP-C-2.0K measurements.csv:15": ("electrodes.LFP.diffusion_activation_energy_kJ_mol",
                                           "the 1C rate at 100 °C, where the capacity is steepest in τ_s: the electrode's diffusion time, its "
                                           + "activation energy (the LFP literature prior) and its capacity, fitted together on the 60–120 °C rows, "
                                           + "leave τ_s at 100 °C a spread that is ±5.8 % here (a 300-draw sampled band of the rate scenario: the "
                                           + "same ±5.8 %)"),
        "CPCSE measurements.csv:11": ("electrodes.LFP.diffusion_time_s",
                                      "the 2C rate alone fixes the diffusion time, at the assumed 60 °C test temperature: its prior (±5 K, in the "
                                      + "fit covariance) moves the diffusion time the row is fitted with, and the diffusion activation energy (its "
                                      + "literature prior; every row at 60 °C) carries it from 25 °C: ±11.5 % against the one row's ±5 %"),
        "PPSE measurements.csv:5": ("reference_cell.cathode_loading_mg_cm2",
                                    "a one-sided row (< 100 mAh/g at 2C) the twin meets at 25 mAh/g, on the steep edge where the capacity "
                                    + "falls with the current density; the loading is assumed (×/÷ 1.4) and no PPSE row fixes it"),
    ]

    /// Every shipped twin with capacity rows, at each of its calibrated capacity conditions: the capacity band's
    /// half-width is within ±5 %, or the row is a known exception above with the driver the band names.
    @Test func capacityBandsAtTheCalibratedConditionsAreInformative() throws {
        let lib = Fixtures.models
        var o = BandOptions()
        o.method = .linearised
        var report: [String] = [], unexplained: [String] = []
        var within = 0, total = 0, seen: Set<String> = []
        for id in lib.electrolyteIDs {
            let bands = try CalibratedRange.capacityBands(setupPath: CalibratedRange.setupPath(id, library: lib), library: lib, band: o)
            if bands.isEmpty { report.append("\(id): no capacity rows") }
            for b in bands {
                total += 1
                let key = "\(id) \(b.location)", h = b.band.relativeHalfWidth
                seen.insert(key)
                let line = String(format: "%@ %@ %g °C %gC: %.1f mAh/g ±%.1f %% (%@)", id, b.location, b.condition.temperature_C,
                                  b.condition.dischargeCRates.first ?? 0, b.band.value, h * 100, b.band.driver ?? "–")
                report.append(line)
                if h <= LifeBands.informativeCapacityHalfWidth {
                    within += 1
                    // A listed exception that has become informative is a stale entry.
                    #expect(Self.knownWide[key] == nil, "\(key) is listed as wider than ±5 % but reads ±\(h * 100) %")
                    continue
                }
                if let known = Self.knownWide[key] {
                    #expect(b.band.driver == known.driver, "\(key): driven by \(b.band.driver ?? "–"), listed as \(known.driver)")
                } else {
                    unexplained.append(line)
                }
            }
        }
        print("capacity bands at the calibrated conditions: \(within) of \(total) within ±5 %\n" + report.joined(separator: "\n"))
        #expect(total > 0)
        // Every listed exception is a row the set-ups still fit (a stale entry would hide nothing, but misleads).
        #expect(Set(Self.knownWide.keys).isSubset(of: seen), "listed but not fitted: \(Set(Self.knownWide.keys).subtracting(seen).sorted())")
        #expect(unexplained.isEmpty, "capacity bands wider than ±5 % at a calibrated condition, not listed: \(unexplained.joined(separator: "; "))")
    }
}
