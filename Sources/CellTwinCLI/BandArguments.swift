import ArgumentParser
import CellTwin
import Foundation

/// `--band`, `--band-samples`, `--seed`: the 95 % prediction band of a command (DOMAIN B §9).
struct BandArguments: ParsableArguments {
    @Option(help: ArgumentHelp(
        "95 % prediction band from the fit covariance and the priors: auto (linearised, sampled where a run crosses a threshold or shorts), linear, sampled, or off (the default).",
        valueName: "method"))
    var band: String = "off"

    @Option(name: .customLong("band-samples"), help: "Runs of a sampled band (Latin hypercube), 8–1000.")
    var bandSamples: Int = 40

    @Option(help: "Seed of a sampled band (the same seed gives the same band).")
    var seed: UInt64 = 1

    func validate() throws {
        guard BandMethod(rawValue: band) != nil else {
            throw ValidationError("--band must be one of \(BandMethod.allCases.map(\.rawValue).joined(separator: ", ")), got '\(band)'")
        }
        guard (8...1000).contains(bandSamples) else { throw ValidationError("--band-samples must lie in 8–1000, got \(bandSamples)") }
    }

    var options: BandOptions {
        var o = BandOptions()
        o.method = BandMethod(rawValue: band) ?? .auto
        o.samples = bandSamples
        o.seed = seed
        return o
    }

    var isOn: Bool { band != BandMethod.off.rawValue }

    /// The shipped model file's fit covariance and priors of `electrolyte` (the source of every command's band), with
    /// the priors of the electrodes of `cathodes` its calibration has no rows on (``ElectrodePriors``).
    func uncertainty(_ library: ModelLibrary, electrolyte: Electrolyte, cathodes: [String]) throws -> ParameterUncertainty {
        let u = try FitCovarianceFile.uncertainty(path: library.electrolytePath(electrolyte.id), electrolyte: electrolyte)
        return ElectrodePriors.adding(to: u.keepingElectrodes(of: Set(cathodes)), electrolyte: electrolyte,
                                      cathodes: try cathodes.map { try library.cathode($0) },
                                      calibration: try ElectrodePriors.Calibration.shipped(electrolyte.id, library: library))
    }

    /// A lifetime run's record with its band (``LifeBands``) when the band is on.
    func life(_ result: LifeResult, experiment given: Experiment? = nil, library: ModelLibrary) throws -> LifeRecord {
        var record = LifeRecord(result)
        guard isOn, let experiment = given ?? result.experiment else { return record }
        let d = result.design
        let band = try LifeBands.compute(design: d, baseCathode: try library.cathode(d.cathode.id), temperature_C: result.temperature_C,
                                         options: result.options, experiment: experiment, central: result,
                                         uncertainty: try uncertainty(library, electrolyte: d.electrolyte, cathodes: [d.cathode.id]), band: options,
                                         verdict: try verdict(library, design: d, experiment: experiment, temperature_C: result.temperature_C,
                                                              cycles: record.cycles.last?.cycle ?? 1))
        LifeBands.apply(band, to: &record)
        return record
    }

    /// Writes the band of a cycling run (``SimulationBands``) into its record when the band is on.
    func simulation(_ s: Solution, library: ModelLibrary, options simulation: SimulationOptions, into record: inout RunRecord) throws {
        guard isOn else { return }
        let u = try uncertainty(library, electrolyte: s.design.electrolyte, cathodes: [s.design.cathode.id])
        let set = try SimulationBands.compute(s, baseCathode: try library.cathode(s.design.cathode.id), options: simulation,
                                              uncertainty: u, band: options)
        let v = try verdict(library, design: s.design, experiment: s.experiment, temperature_C: s.temperature_C, cycles: s.cycles.count)
        SimulationBands.apply(set, uncertainty: u, verdict: v, to: &record)
    }

    /// The bands of a sweep's or comparison's points (``SweepBands``), each band's runs on `workers` threads.
    func sweep(_ records: [SweepRecord], spec: SweepSpec, runner: SweepRunner, library: ModelLibrary,
               workers: Int?) throws -> [SweepRecord] {
        guard isOn else { return records }
        var u: [String: ParameterUncertainty] = [:], ranges: [String: CalibratedRange?] = [:]
        for (id, e) in runner.materials.electrolytes {
            u[id] = try uncertainty(library, electrolyte: e, cathodes: runner.materials.cathodes.keys.sorted())
            ranges[id] = try CalibratedRange.shipped(id, library: library)
        }
        var o = options
        if let workers { o.workers = workers }
        return try SweepBands.compute(records, spec: spec, materials: runner.materials, uncertainties: u, band: o, ranges: ranges)
    }

    /// Where a prediction of `design` (its experiment at `temperature_C`, to cycle `cycles`) lies against its twin's
    /// calibrated range (``CalibratedRange``, from `Calibration/<ID>/fit.toml` beside the model directory).
    func verdict(_ library: ModelLibrary, design: CellDesign, experiment: Experiment?, temperature_C: Double,
                 cycles: Int) throws -> RangeVerdict {
        let id = design.electrolyte.id
        let condition = experiment.map { PredictionCondition(experiment: $0, design: design, temperature_C: temperature_C, cycles: cycles) }
            ?? PredictionCondition(temperature_C: temperature_C, cathode: design.cathode.id, chargeCRates: [], dischargeCRates: [], cycles: cycles)
        return CalibratedRange.verdict(try CalibratedRange.shipped(id, library: library), electrolyte: id, at: condition)
    }
}
