import Foundation

/// Quantities the impedance models need that the model files do not carry, with their sources.
/// Every default is an assumption, documented here (the TOML model files are not the place for them).
public struct ImpedanceAssumptions: Sendable, Equatable {
    /// Relative permittivity ε_r of the electrolyte (sets C_geo = ε₀ε_r A/L). Assumed 7.5, the middle of the
    /// 5–10 DOMAIN B §2.2 quotes for polymer electrolytes [unverified for a given polymer].
    public var relativePermittivity = 7.5
    /// Li | electrolyte interface CPE magnitude Q per unit electrode area, S sᵅ m⁻² (= F s^(α−1) m⁻²).
    /// Assumed 0.1, i.e. 10 µF cm⁻²: DOMAIN B §6.1 gives "C ~ µF cm⁻²" for the Li interface [unverified typical].
    public var lithiumInterfaceQ_S_s_alpha_m2 = 0.1
    /// Li interface CPE exponent α. Assumed 0.9 (a mildly depressed arc; DOMAIN B §6.2 treats α > 0.75 as
    /// capacitor-like).
    public var lithiumInterfaceExponent = 0.9
    /// Cathode interface CPE magnitude per unit electrode (geometric) area, S sᵅ m⁻². Assumed 1.0, i.e.
    /// 100 µF cm⁻²: the composite cathode's internal surface is tens of times its geometric area, each at
    /// µF cm⁻² of double layer [assumed].
    public var cathodeInterfaceQ_S_s_alpha_m2 = 1.0
    /// Cathode interface CPE exponent α. Assumed 0.85 (porous electrodes give more depressed arcs) [assumed].
    public var cathodeInterfaceExponent = 0.85
    /// Electrode area, m² (nil: the electrolyte's reference cell, as the study used).
    public var electrodeArea_m2: Double?
    /// Frequency grid: from `maximumFrequency_Hz` down to `minimumFrequency_Hz`, `pointsPerDecade` per decade.
    public var maximumFrequency_Hz = 1e6
    public var minimumFrequency_Hz = 1e-2
    public var pointsPerDecade = 10

    public init() {}

    /// The frequency grid (1 MHz → 10 mHz, 10 per decade by default: 81 points).
    public var frequencies_Hz: [Double] {
        ImpedanceSpectrum.logFrequencies(maximum_Hz: maximumFrequency_Hz, minimum_Hz: minimumFrequency_Hz,
                                         perDecade: pointsPerDecade)
    }

    /// Checks the values are usable.
    public func validate() throws {
        func bad(_ s: String) -> SimulationError { .invalidOption("impedance assumptions: " + s) }
        guard relativePermittivity.isFinite, relativePermittivity >= 1 else { throw bad("relative permittivity must be ≥ 1") }
        for (q, a, what) in [(lithiumInterfaceQ_S_s_alpha_m2, lithiumInterfaceExponent, "Li"),
                             (cathodeInterfaceQ_S_s_alpha_m2, cathodeInterfaceExponent, "cathode")] {
            guard q.isFinite, q > 0 else { throw bad("\(what) interface Q must be positive") }
            guard a.isFinite, a > 0, a <= 1 else { throw bad("\(what) interface CPE exponent must lie in (0, 1]") }
        }
        if let area = electrodeArea_m2 { guard area.isFinite, area > 0 else { throw bad("electrode area must be positive") } }
        guard minimumFrequency_Hz > 0, maximumFrequency_Hz > minimumFrequency_Hz, maximumFrequency_Hz.isFinite else {
            throw bad("frequencies need 0 < minimum < maximum")
        }
        guard pointsPerDecade >= 1, pointsPerDecade <= 1000 else { throw bad("points per decade must lie in 1…1000") }
    }
}
