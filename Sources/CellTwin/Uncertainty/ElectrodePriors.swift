import Foundation

/// The spread of the electrode a prediction runs on where the twin's own fit does not determine it (DOMAIN B §9:
/// "prior variances for parameters the data do not determine"). A model file's fit covariance
/// (``FitCovarianceFile``) covers the keys its fit freed; a cell on a cathode the fit never saw uses the cathode
/// model's values, or the study's borrowed from a sibling's fit, as if they were exact, and its band would show only
/// the electrolyte's uncertainty. Per electrode key of ``leaves`` of the prediction's cathode that the model file's
/// uncertainty does not carry:
/// 1. borrowed (`electrodes_from`, same study) from a sibling whose fit freed it: the sibling's fit covariance of the
///    borrowed keys, with their correlations (the value is the sibling's fit, and so is what is known of it);
/// 2. else, the twin's set-up or its lender's has full-cell rows on the cathode (``CalibratedRange/cathodes``):
///    nothing. That fit holds the key at its value and fits the rest on the rows' evidence; its covariance is the
///    statement;
/// 3. else (no rows of the study on the cathode): the spread of one material's values across studies, about the value
///    the prediction uses: diffusion time and accessible capacity as ``FallbackPrior/unfittedLogVariance(_:)`` (×/÷ 2
///    and ×/÷ 1.03 at one standard deviation, ``FallbackPrior/crossStudySpreadFloor``), the diffusion activation
///    energy as the cathode's `[literature]` range read as a 95 % interval
///    (``FallbackPrior/materialActivationEnergyVariance(_:)``).
/// Each added key is uncorrelated with the electrolyte's fitted keys and has origin `prior`.
public enum ElectrodePriors {
    /// The electrode leaves that move a full cell's capacity and rate loss (DOMAIN A5, B 1): the solid-diffusion time
    /// and its activation energy, and the accessible capacity.
    public static let leaves = ["diffusion_time_s", "diffusion_activation_energy_kJ_mol", "specific_capacity_mAh_g"]

    /// What a twin's calibration says about its electrodes: the cathodes its set-up has full-cell rows on, and the
    /// sibling it borrows its electrodes from with that sibling's cathodes and fit covariance.
    public struct Calibration: Sendable {
        public var calibratedCathodes: Set<String>
        public var lender: Lender?

        public struct Lender: Sendable {
            public var id: String
            public var calibratedCathodes: Set<String>
            public var uncertainty: ParameterUncertainty
        }

        public init(calibratedCathodes: Set<String>, lender: Lender? = nil) {
            self.calibratedCathodes = calibratedCathodes
            self.lender = lender
        }

        /// The shipped twin's (`Calibration/<ID>/fit.toml` beside the model directory; none: no calibrated cathode).
        public static func shipped(_ id: String, library: ModelLibrary) throws -> Calibration {
            Calibration(calibratedCathodes: try cathodes(id, library: library), lender: try lender(of: id, library: library))
        }

        /// The cathodes the shipped set-up of `id` has full-cell rows on (none without a set-up).
        static func cathodes(_ id: String, library: ModelLibrary) throws -> Set<String> {
            let path = CalibratedRange.setupPath(id, library: library)
            guard FileManager.default.fileExists(atPath: path) else { return [] }
            return Set(try CalibratedRange.load(setupPath: path, library: library).cathodes)
        }

        /// The sibling the shipped set-up of `id` borrows its electrodes from (`electrodes_from`), if any.
        static func lender(of id: String, library: ModelLibrary) throws -> Lender? {
            let path = CalibratedRange.setupPath(id, library: library)
            guard FileManager.default.fileExists(atPath: path), let lenderID = try FitSetup.load(path: path).electrodesFrom else { return nil }
            let u = try FitCovarianceFile.uncertainty(path: library.electrolytePath(lenderID), electrolyte: try library.electrolyte(lenderID))
            return Lender(id: lenderID, calibratedCathodes: try cathodes(lenderID, library: library), uncertainty: u)
        }
    }

    /// `u` with the electrode priors of each cathode in `cathodes` (base cathode models) as above. A key `u` already
    /// carries is left as it is.
    public static func adding(to u: ParameterUncertainty, electrolyte e: Electrolyte, cathodes: [Cathode],
                              calibration: Calibration) -> ParameterUncertainty {
        var out = u
        var seen: Set<String> = []
        for c in cathodes where seen.insert(c.id).inserted {
            let have = Set(out.parameters.map(\.key) + out.undetermined)
            var covered = have
            if let lender = calibration.lender {
                // Borrowed keys: the lender's fitted keys of this cathode whose value `e` carries.
                let borrowed = lender.uncertainty.filtered { p in
                    guard p.origin == .fit, FitParameterRegistry.electrodeKeyParts(p.key)?.cathode == c.id, !have.contains(p.key),
                          let v = ParameterUncertainty.value(p.key, of: e) else { return false }
                    return abs(v - p.value) <= 1e-9 * max(abs(p.value), 1e-300)
                }
                out = out.joining(borrowed)
                covered.formUnion(borrowed.parameters.map(\.key))
            }
            guard !calibration.calibratedCathodes.contains(c.id), calibration.lender?.calibratedCathodes.contains(c.id) != true else { continue }
            for leaf in leaves {
                let key = "electrodes.\(c.id).\(leaf)"
                guard !covered.contains(key),
                      let v = ParameterUncertainty.value(key, of: e) ?? FitParameterRegistry.cathodeValue(key, cathodes: [c.id: c]),
                      v.isFinite, v > 0 else { continue }
                if leaf == "diffusion_activation_energy_kJ_mol" {
                    out = out.adding(UncertainParameter(key: key, value: v, transform: .linear, origin: .prior),
                                     variance: FallbackPrior.materialActivationEnergyVariance(c))
                } else {
                    out = out.adding(UncertainParameter(key: key, value: v, transform: .log, origin: .prior),
                                     variance: FallbackPrior.unfittedLogVariance(leaf))
                }
            }
        }
        return out
    }
}

extension ParameterUncertainty {
    /// Without the electrode keys of cathodes other than `cathodes` (`electrodes.<cathode>.<leaf>`): a cell on one
    /// cathode does not depend on another's electrode, and each parameter of a band costs runs.
    public func keepingElectrodes(of cathodes: Set<String>) -> ParameterUncertainty {
        filtered { p in FitParameterRegistry.electrodeKeyParts(p.key).map { cathodes.contains($0.cathode) } ?? true }
    }

    /// `self` and `other` as one uncertainty, `other`'s parameters appended as they are (their covariance block kept,
    /// uncorrelated with `self`'s).
    func joining(_ other: ParameterUncertainty) -> ParameterUncertainty {
        guard !other.isEmpty else { return self }
        var out = self
        let n = count, m = other.count
        for i in 0..<n { out.covariance[i] += [Double](repeating: 0, count: m) }
        for j in 0..<m { out.covariance.append([Double](repeating: 0, count: n) + other.covariance[j]) }
        out.parameters += other.parameters.map { p in
            var q = p
            q.origin = .prior
            return q
        }
        return out
    }
}
