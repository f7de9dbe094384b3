import Foundation

/// Priors of the inputs a prediction depends on that no measurement of the seed set fixes and that a model file
/// states as an assumption (`source = "assumed: …"`, DOMAIN B §9): the cell geometry a study does not report. They
/// join a band as parameters with a prior spread (origin `prior`), so a prediction whose cell rests on an assumed
/// membrane thickness or cathode loading carries that uncertainty; a number the study states (its source names the
/// study) gets none. A key that already has a prior in the file keeps it.
public enum AssumedInputPriors {
    /// One assumed input and the spread its assumption carries.
    public struct Input: Sendable, Equatable {
        /// Key path in the model file.
        public var key: String
        /// ×/÷ factor at one standard deviation (a lognormal prior about the assumed value).
        public var spread: Double
        public var basis: String
    }

    /// The geometry inputs with their spreads.
    public static let geometry: [Input] = [
        Input(key: "transport.thickness_um", spread: 1.25,
              basis: "an assumed membrane thickness ×/÷ 1.25 (95 %: ×/÷ 1.55, 65–155 µm about 100 µm): the 60–120 µm the seed studies state or the model files assume for cast polymer and gel membranes (gao2024 about 120 µm; PVDF-HFP, PEO-composite and single-ion casts 60–100 µm)"),
        Input(key: "reference_cell.cathode_loading_mg_cm2", spread: 1.4,
              basis: "an assumed cathode loading ×/÷ 1.4 (95 %: ×/÷ 1.93, 1.0–3.9 mg/cm² about 2 mg/cm²): the 1–3 mg/cm² of the lab LFP coin cells the seed studies state (gao2024 1.0, li2022 2) or the model files assume (2–3)"),
    ]

    /// Whether a model-file source marks an assumption (`assumed: …`, `assumed …`).
    static func isAssumption(_ source: String) -> Bool {
        source.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("assumed")
    }

    /// The priors of the geometry inputs the file at `path` states as assumptions (and gives no prior of its own), by
    /// key path, with the basis of each.
    public static func priors(path: String) throws -> [String: (prior: ParameterPrior, basis: String)] {
        let root = try ParameterFile(path: path).rootSection
        var out: [String: (prior: ParameterPrior, basis: String)] = [:]
        for input in geometry {
            let parts = input.key.split(separator: ".").map(String.init)
            guard parts.count == 2, let section = try root.section(parts[0], required: false),
                  let entry = section.table[parts[1]]?.table, let source = entry["source"]?.string,
                  isAssumption(source), entry["prior"] == nil else { continue }
            out[input.key] = (ParameterPrior(kind: .lognormal, spread: input.spread), input.basis)
        }
        return out
    }
}

extension ParameterUncertainty {
    /// Adds the priors of the assumed geometry of the model file at `path` (``AssumedInputPriors``).
    public func addingAssumedInputs(path: String, electrolyte e: Electrolyte) throws -> ParameterUncertainty {
        addingPriors(try AssumedInputPriors.priors(path: path).mapValues(\.prior), electrolyte: e)
    }
}
