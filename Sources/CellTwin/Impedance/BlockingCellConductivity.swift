import Foundation

/// The conductivity measurement of polymer-electrolyte studies, simulated on the twin: impedance of a blocking cell
/// SS | E | SS, the bulk resistance R_b read off the spectrum, and σ = L/(R_b·A) (DOMAIN B §2.2).
///
/// The cell's spectrum, circuit `p(R0,C0)-CPE1`:
/// - bulk R_b = L/(σ(T)·A) in parallel with the geometric capacitance C_g = ε₀ε_r·A/L (ε_r of
///   ``ImpedanceAssumptions/relativePermittivity``), as in ``CellImpedanceModel``; the model's σ is the total
///   (effective) conductivity, with no separate grain-boundary or filler-interface arc, so the bulk arc is the only
///   electrolyte arc and "the" intercept is unambiguous (a composite whose spectrum showed a second electrolyte arc
///   would be read at the low-frequency end of both, the total σ the model carries);
/// - in series, the two blocking double layers as one CPE (``BlockingCellAssumptions``).
///
/// The bulk relaxation frequency f_b = 1/(2π R_b C_g) = σ/(2π ε₀ ε_r) does not depend on geometry: about 240 MHz at
/// 10⁻³ S/cm and 60 kHz at 2.5·10⁻⁷ S/cm for ε_r = 7.5, so in a 1 MHz sweep the arc is resolved only for poorly
/// conducting samples; otherwise the bulk is the high-frequency foot of the blocking spike (DOMAIN B §2.2).
/// R_b is extracted as the lab does, by complex least squares with |Z| weighting (``CircuitFit``): of R∥CPE + CPE
/// (`p(R1,CPE1)-CPE2`) when −Z″ falls anywhere on the way down in frequency (part of the bulk arc is in the sweep),
/// else of R + CPE (`R1-CPE2`: the spike extrapolated to the real axis, the high-frequency intercept).
/// The sweep must reach the bulk on both sides: its highest frequency at least ``resolutionFactor`` above the
/// crossover f_× where the double layer's |Z| equals R_b, and its lowest at least that factor below f_b.
public enum BlockingCellConductivity {
    /// How far the sweep must extend past the crossover and the bulk relaxation frequency (a decade).
    public static let resolutionFactor = 10.0

    /// How R_b was read.
    public enum Method: String, Sendable {
        case arcFit = "fit of R_b∥CPE + CPE (bulk arc in the sweep)"
        case interceptFit = "fit of R_b + CPE (the blocking spike's real-axis intercept; bulk arc above the sweep)"
    }

    /// A simulated measurement.
    public struct Measurement: Sendable {
        public var spectrum: ImpedanceSpectrum
        public var method: Method
        /// R_b extracted from the spectrum, Ω.
        public var bulkResistance_ohm: Double
        /// σ = L/(R_b·A) from the extracted R_b, S m⁻¹.
        public var conductivity_S_m: Double
        /// The model's σ(T) and R_b, which the extraction should return.
        public var modelConductivity_S_m: Double
        public var modelBulkResistance_ohm: Double
        /// f_b = 1/(2π R_b C_g) and the bulk/double-layer crossover f_×, Hz.
        public var bulkFrequency_Hz: Double
        public var crossoverFrequency_Hz: Double
        /// σ_measured/σ_model − 1.
        public var relativeDifference: Double { conductivity_S_m / modelConductivity_S_m - 1 }
    }

    /// The blocking cell of `e` at temperature T (K): the electrolyte's thickness and reference-cell electrode area.
    public static func measure(_ e: Electrolyte, temperature_K: Double,
                               assumptions a: BlockingCellAssumptions = .init()) throws -> Measurement {
        try a.validate()
        guard temperature_K.isFinite, temperature_K > 0 else {
            throw SimulationError.invalidOption("blocking-cell temperature must be a positive number of kelvin, got \(temperature_K)")
        }
        let area = e.referenceCell.electrodeArea_m2, length = e.thickness_m
        let sigma = e.conductivity.sigma_S_m(at: temperature_K)
        let rb = length / (sigma * area)
        let cg = CellImpedanceModel.vacuumPermittivity_F_m * a.relativePermittivity * area / length
        let q = a.doubleLayerQ_S_s_alpha_m2 * area
        let fb = 1 / (2 * Double.pi * rb * cg)
        let fx = crossoverFrequency_Hz(bulkResistance_ohm: rb, q: q, alpha: a.doubleLayerExponent)
        try checkSweep(a, bulkFrequency_Hz: fb, crossoverFrequency_Hz: fx)
        let spectrum = try Circuit("p(R0,C0)-CPE1").spectrum(frequencies_Hz: a.frequencies_Hz,
                                                              parameters: [rb, cg, q, a.doubleLayerExponent])
        let (r, method) = try bulkResistance(spectrum)
        return Measurement(spectrum: spectrum, method: method, bulkResistance_ohm: r, conductivity_S_m: length / (r * area),
                           modelConductivity_S_m: sigma, modelBulkResistance_ohm: rb, bulkFrequency_Hz: fb,
                           crossoverFrequency_Hz: fx)
    }

    /// f_× where the blocking CPE's modulus 1/(Q ω^α) equals R_b, Hz.
    public static func crossoverFrequency_Hz(bulkResistance_ohm rb: Double, q: Double, alpha: Double) -> Double {
        pow(1 / (rb * q), 1 / alpha) / (2 * Double.pi)
    }

    /// Throws, naming the limit, when the sweep cannot show R_b.
    static func checkSweep(_ a: BlockingCellAssumptions, bulkFrequency_Hz fb: Double, crossoverFrequency_Hz fx: Double) throws {
        let k = resolutionFactor
        guard a.maximumFrequency_Hz >= k * fx else {
            throw SimulationError.invalidOption(String(format: "blocking-cell sweep: the maximum frequency %g Hz is below %g × the frequency %g Hz where the blocking double layer's impedance equals the bulk resistance R_b: the spectrum is the electrode's spike only and does not resolve R_b; raise the maximum frequency to at least %g Hz",
                                                       a.maximumFrequency_Hz, k, fx, k * fx))
        }
        guard a.minimumFrequency_Hz <= fb / k else {
            throw SimulationError.invalidOption(String(format: "blocking-cell sweep: the minimum frequency %g Hz is above 1/%g of the bulk relaxation frequency 1/(2π R_b C_g) = %g Hz: the bulk arc does not close onto the real axis and R_b is not resolved; lower the minimum frequency to at most %g Hz",
                                                       a.minimumFrequency_Hz, k, fb, fb / k))
        }
    }

    /// R_b from a blocking-cell spectrum, Ω (see the type's documentation for the two fits).
    public static func bulkResistance(_ spectrum: ImpedanceSpectrum) throws -> (resistance_ohm: Double, method: Method) {
        let order = spectrum.frequencies_Hz.indices.sorted { spectrum.frequencies_Hz[$0] > spectrum.frequencies_Hz[$1] }
        guard order.count >= 3 else { throw CircuitFitError.tooFewPoints(points: order.count, parameters: 3) }
        let z = order.map { spectrum.impedances_ohm[$0] }, f = order.map { spectrum.frequencies_Hz[$0] }
        // The double layer from the lowest frequency: −Z″ ≈ sin(απ/2)/(Q ω^α).
        let alpha0 = 0.9
        let q0 = sin(alpha0 * Double.pi / 2) / (max(-z[z.count - 1].im, 1e-12) * pow(2 * Double.pi * f[f.count - 1], alpha0))
        // The bulk arc is in the sweep when −Z″ falls somewhere on the way down in frequency (past the arc's apex);
        // the spike alone rises monotonically.
        let m = z.map { -$0.im }
        if let fall = m.indices.dropFirst().first(where: { m[$0] < m[$0 - 1] }) {
            // Starting values: R_b at the valley between arc and spike, the bulk CPE at the apex (the highest frequency
            // when the apex lies above the sweep).
            var valley = fall
            while valley + 1 < m.count, m[valley + 1] < m[valley] { valley += 1 }
            let rb0 = max(z[valley].re, 1e-12)
            let apex = 2 * Double.pi * f[fall - 1]
            let guess = [rb0, 1 / (rb0 * pow(apex, alpha0)), alpha0, q0, alpha0]
            let fit = try CircuitFit.fit(try Circuit("p(R1,CPE1)-CPE2"), to: spectrum, initial: guess, weighting: .modulus)
            return (fit.values[0], .arcFit)
        }
        // The spike's highest-frequency point carried along its angle to the real axis: R_b ≈ Z′ + Z″·cot(απ/2).
        let along = z[0].re + z[0].im * cos(alpha0 * Double.pi / 2) / sin(alpha0 * Double.pi / 2)
        let rb0 = along > 0 ? along : 0.5 * z[0].re
        let fit = try CircuitFit.fit(try Circuit("R1-CPE2"), to: spectrum, initial: [rb0, q0, alpha0], weighting: .modulus)
        return (fit.values[0], .interceptFit)
    }
}

/// The blocking cell's assumptions: ε_r and the sweep (``ImpedanceAssumptions``) and the double layer of the two
/// blocking electrodes.
public struct BlockingCellAssumptions: Sendable, Equatable {
    /// Relative permittivity (the impedance models' assumed 7.5; DOMAIN B §2.2 quotes 5–10) and the sweep, a typical
    /// 1 MHz → 0.1 Hz at 10 points per decade.
    public var impedance: ImpedanceAssumptions = {
        var a = ImpedanceAssumptions()
        a.minimumFrequency_Hz = 0.1
        return a
    }()
    /// Magnitude Q of the two blocking double layers in series, per unit electrode area, S sᵅ m⁻². Assumed 0.05
    /// (5 µF cm⁻²: two ~10 µF cm⁻² stainless-steel | polymer double layers in series; DOMAIN B §6.1 gives
    /// "C ~ µF cm⁻²" for electrode interfaces) [assumed].
    public var doubleLayerQ_S_s_alpha_m2 = 0.05
    /// CPE exponent of the blocking spike. Assumed 0.85 (a spike tilted from vertical, typical of rough steel
    /// electrodes; DOMAIN B §6.2) [assumed].
    public var doubleLayerExponent = 0.85

    public init() {}

    public var relativePermittivity: Double { impedance.relativePermittivity }
    public var maximumFrequency_Hz: Double { impedance.maximumFrequency_Hz }
    public var minimumFrequency_Hz: Double { impedance.minimumFrequency_Hz }
    public var frequencies_Hz: [Double] { impedance.frequencies_Hz }

    public func validate() throws {
        try impedance.validate()
        guard doubleLayerQ_S_s_alpha_m2.isFinite, doubleLayerQ_S_s_alpha_m2 > 0,
              doubleLayerExponent.isFinite, doubleLayerExponent > 0, doubleLayerExponent <= 1 else {
            throw SimulationError.invalidOption("blocking-cell assumptions: the double layer needs Q > 0 and a CPE exponent in (0, 1]")
        }
    }
}
