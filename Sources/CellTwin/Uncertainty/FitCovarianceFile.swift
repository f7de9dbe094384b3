import Foundation

/// The fit covariance a calibration writes into the `[provenance]` table of a model file, and reads back for
/// prediction bands:
///
/// ```toml
/// covariance_keys = ["conductivity.sigma_S_cm", "transport.transference_number"]
/// covariance_transform = ["log", "linear"]   # ln of positive keys (their fit transform), else the value
/// covariance = [                             # row-major, transform units squared
///   2.1e-4, 1.0e-6,
///   1.0e-6, 4.0e-4,
/// ]
/// ```
/// Keys the data did not determine are left out of `covariance_keys` and listed in `covariance_undetermined`. When the
/// fit set-up assumes its test temperature, the covariance includes that temperature's prior, marginalised
/// (``AssumedTemperatureCovariance``): the bands of the commands, whose temperature is the user's, carry it.
public enum FitCovarianceFile {
    static func text(_ u: ParameterUncertainty, free: [String], assumedTemperature t: AssumedTemperatureCovariance.Effect? = nil) -> String {
        var s = "# fit covariance of the free keys in their fit transform, each residual in its standard uncertainty (a capacity's\n"
        s += "# 5 % tolerance a 95 % half-width, 2.55 %; other kinds' tolerance one standard deviation) and scaled by max(1, chi2/dof);\n"
        if let t {
            s += "# with the prior of the assumed test temperature (\(ModelFileWriter.tomlNumber(t.temperature_C)) C +- "
                + "\(ModelFileWriter.tomlNumber(t.standardDeviation_K)) K) carried through the fit;\n"
        }
        s += "# the source of the prediction bands (DOMAIN B 9)\n"
        s += "covariance_keys = [\(u.parameters.map { ModelFileWriter.tomlString($0.key) }.joined(separator: ", "))]\n"
        s += "covariance_transform = [\(u.parameters.map { ModelFileWriter.tomlString($0.transform.rawValue) }.joined(separator: ", "))]\n"
        s += "covariance_undetermined = [\(u.undetermined.map { ModelFileWriter.tomlString($0) }.joined(separator: ", "))]\n"
        s += "covariance = [\n"
        for row in u.covariance { s += "  " + row.map { ModelFileWriter.tomlNumber($0) + "," }.joined(separator: " ") + "\n" }
        s += "]\n"
        return s
    }

    /// The uncertainty of a model file's parameters: its fit covariance (when a calibration wrote one), the priors
    /// of the keys it does not cover and those of its assumed geometry (``AssumedInputPriors``). A malformed
    /// covariance is an error naming the file and key.
    public static func uncertainty(path: String, electrolyte e: Electrolyte) throws -> ParameterUncertainty {
        let file = try ParameterFile(path: path)
        var fit = ParameterUncertainty.empty
        if let p = try file.rootSection.section("provenance", required: false), p.has("covariance_keys") {
            let keys = try p.stringArray("covariance_keys")
            let transforms = try p.stringArray("covariance_transform").map { t -> FitTransform in
                guard let f = FitTransform(rawValue: t) else { throw p.error("covariance_transform", "must be \"log\" or \"linear\", got \"\(t)\"") }
                return f
            }
            let flat = try p.numberArray("covariance")
            let n = keys.count
            guard transforms.count == n else {
                throw p.error("covariance_transform", "has \(transforms.count) entries for \(n) covariance_keys")
            }
            guard flat.count == n * n else {
                throw p.error("covariance", "has \(flat.count) numbers; \(n) covariance_keys need \(n * n) (row-major)")
            }
            var parameters: [UncertainParameter] = []
            for (k, key) in keys.enumerated() {
                guard let v = ParameterUncertainty.value(key, of: e), v.isFinite else {
                    throw p.error("covariance_keys", "'\(key)' is not a number of this model file")
                }
                if transforms[k] == .log, v <= 0 { throw p.error("covariance_transform", "'\(key)' is \(v): a log transform needs a positive value") }
                let variance = flat[k * n + k]
                guard variance.isFinite, variance >= 0 else { throw p.error("covariance", "the variance of '\(key)' is \(variance)") }
                parameters.append(UncertainParameter(key: key, value: v, transform: transforms[k], origin: .fit))
            }
            let cov = (0..<n).map { a in (0..<n).map { b in flat[a * n + b] } }
            let undetermined = p.has("covariance_undetermined") ? try p.stringArray("covariance_undetermined") : []
            fit = ParameterUncertainty(parameters: parameters, covariance: cov, undetermined: undetermined)
        }
        return try fit.addingPriors(try ElectrolyteFile.priors(path: path), electrolyte: e).addingAssumedInputs(path: path, electrolyte: e)
    }
}
