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
}
