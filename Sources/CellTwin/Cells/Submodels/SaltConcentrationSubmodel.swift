import Foundation

/// The salt's concentration polarization across the electrolyte as a submodel (DOMAIN B §2.4, §6.2): the exact modal
/// series of ``SaltDiffusionModes``, states z₁…z_M and the lumped remainder z_T (mol m⁻³) with Δc = Σz,
///
///   dzₖ/dt = λₖ·(wₖ·G·J − zₖ),  G = Δc_ss/J = (1 − t₊)L/(F·D),  τ = L²/(π²D),
///
/// so that Δc_ss = G·J = J·L(1 − t₊)/(F·D); the electrode surfaces sit at c₀ ± Δc/2 and the concentration overpotential
/// is v_d = (R_d/G)·Δc with R_d = ASR_b(1 − t₊)/t₊ (v_d → R_d·J at steady state). A single-ion electrolyte (t₊ = 1)
/// has no states and no polarization.
///
/// One submodel for both cells: the full cell (Δc = c(anode) − c(cathode side), J > 0 discharging) and the Li | E | Li
/// cell (Δc = c(electrode 1) − c(electrode 2), J > 0 stripping electrode 1) solve the same slab of thickness L with the
/// flux J(1 − t₊)/F entering at one face and leaving at the other. What differs is the cell's choice of the number of
/// modes and of the states' tolerance scale, and the sign with which v_d enters each cell's voltage (a drop of the
/// full cell's V = U − …, a rise of the Li | E | Li cell's V = φ₁ − φ₂).
///
/// Holds plain values and the two rate buffers (``SaltDiffusionModes/rhsBuffers(_:saltDifferencePerCurrent:)``), which
/// the cell releases with ``deallocate()``.
public struct SaltConcentrationSubmodel: CellSubmodel, @unchecked Sendable {
    public var firstIndex = 0
    /// Number of states: the explicit modes plus the remainder (0 for a single-ion electrolyte).
    public let count: Int
    /// Tolerance scale of the states, mol m⁻³.
    public let stateScale: Double
    /// c₀, mol m⁻³.
    public let concentration_mol_m3: Double
    /// G = Δc_ss/J, mol m⁻³ per A m⁻² (0 for a single-ion electrolyte).
    public let saltDifferencePerCurrent: Double
    /// R_d = ASR_b(1 − t₊)/t₊, Ω m² (0 for a single-ion electrolyte).
    public let diffusionASR_ohm_m2: Double
    /// R_d/G, V per mol m⁻³ (v_d = this × Δc).
    public let polarizationPerSalt_V: Double
    /// λₖ, s⁻¹, and λₖ·wₖ·G = ∂(dzₖ/dt)/∂J.
    let rates: UnsafeMutablePointer<Double>
    let gains: UnsafeMutablePointer<Double>

    /// The salt modes of `electrolyte` at `temperature_K`: nil for a single-ion electrolyte (t₊ = 1).
    public static func modes(_ electrolyte: Electrolyte, temperature_K: Double, count: Int) -> SaltDiffusionModes? {
        electrolyte.transferenceNumber < 1
            ? SaltDiffusionModes(modes: count, diffusionTime_s: electrolyte.diffusionTime_s(at: temperature_K)) : nil
    }

    /// `modes`: from ``modes(_:temperature_K:count:)``; `stateScale`: the states' tolerance scale, mol m⁻³.
    public init(electrolyte: Electrolyte, temperature_K: Double, modes: SaltDiffusionModes?, stateScale: Double) {
        let binary = modes != nil
        count = modes.map { $0.count + 1 } ?? 0
        self.stateScale = stateScale
        concentration_mol_m3 = electrolyte.saltConcentration_mol_m3
        let d = electrolyte.diffusivity.value(at: temperature_K)
        diffusionASR_ohm_m2 = binary ? electrolyte.diffusionASR_ohm_m2(at: temperature_K) : 0
        let g = binary ? (1 - electrolyte.transferenceNumber) * electrolyte.thickness_m / (Physical.faraday * d) : 0
        saltDifferencePerCurrent = g
        polarizationPerSalt_V = binary ? diffusionASR_ohm_m2 / g : 0
        (rates, gains) = SaltDiffusionModes.rhsBuffers(modes, saltDifferencePerCurrent: g)
    }

    /// Releases the rate buffers (the cell's deinit).
    public func deallocate() {
        rates.deallocate()
        gains.deallocate()
    }

    public var states: [SubmodelState] {
        (0..<count).map { k in
            SubmodelState("salt_mode\(k + 1)", scale: stateScale, bounds: -Double.infinity...Double.infinity, mechanism: nil,
                          extrapolated: false)
        }
    }

    public static var electrolyteKeys: [String] {
        declaredElectrolyteKeys.map(\.path) + ["transport.thickness_um", "conductivity.sigma_S_cm"]
    }

    /// Indices of the states.
    @inline(__always)
    public var stateIndices: Range<Int> { firstIndex..<(firstIndex + count) }

    /// Δc = Σz at state y, mol m⁻³.
    @inline(__always)
    public func difference(_ y: UnsafePointer<Double>) -> Double {
        var s = 0.0
        for k in firstIndex..<(firstIndex + count) { s += y[k] }
        return s
    }

    /// The surface concentrations c₀ ± Δc/2 at the two faces, mol m⁻³.
    @inline(__always)
    public func surfaceConcentrations(saltDifference dc: Double) -> (first: Double, second: Double) {
        let half = 0.5 * dc
        return (concentration_mol_m3 + half, concentration_mol_m3 - half)
    }

    /// v_d = (R_d/G)·Δc and its slope in J, for Δc affine in J with slope `perCurrent` (mol m⁻³ per A m⁻²).
    @inline(__always)
    public func overpotential(saltDifference dc: Double, perCurrent: Double = 0) -> VoltageTerm {
        VoltageTerm(V: polarizationPerSalt_V * dc, dVdJ: polarizationPerSalt_V * perCurrent)
    }

    /// λₖ and λₖwₖG of state k (0 ≤ k < count).
    @inline(__always)
    public func rate(_ k: Int) -> Double { rates[k] }
    @inline(__always)
    public func gain(_ k: Int) -> Double { gains[k] }

    @inline(__always)
    public func addRates(_ c: SubmodelContext, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>) {
        let j = c.current_A_m2
        for k in 0..<count { dydt[firstIndex + k] = gains[k] * j - rates[k] * y[firstIndex + k] }
    }

    /// ∂/∂zₖ = −λₖ on the diagonal, ∂/∂J = λₖwₖG.
    @inline(__always)
    public func addJacobian(_ c: SubmodelContext, y: UnsafePointer<Double>, dfdy: UnsafeMutablePointer<Double>,
                            dimension n: Int, dfdJ: UnsafeMutablePointer<Double>) {
        for k in 0..<count {
            let i = firstIndex + k
            dfdy[i * n + i] = -rates[k]
            dfdJ[i] = gains[k]
        }
    }
}

// MARK: - Model-file keys

extension ElectrolyteKeys {
    /// The electrolyte keys ``SaltConcentrationSubmodel`` declares.
    static let saltConcentrationKeys: [ElectrolyteKey] = [
        celsius("transport", "reference_temperature_C", [\.diffusivity.referenceTemperature_K, \.electronicConductivity.referenceTemperature_K],
                doc: "temperature at which `diffusivity_m2_s` and `electronic_conductivity_S_cm` are given. Usually where t₊ was measured; t₊ itself is treated as independent of temperature"),
        scalar("transport", "transference_number", "", si: "—", scale: 1, \.transferenceNumber, domain: .closed(1e-3...1),
               // The fit keeps t₊ in the key's domain: a fit whose rows do not determine t₊ (a refit without its
               // row) otherwise walks its logistic to t₊ ≈ 1e-42, R_d ≈ 1e42 R_b, and the simulation fails.
               fit: { _ in .bounded(lower: 1e-3, upper: 1) },
               doc: "Bruce–Vincent t₊, with 0 < t₊ ≤ 1. It sets the concentration-polarization resistance R_d = ASR_b(1 − t₊)/t₊"),
        scalar("transport", "salt_concentration_mol_L", "mol/L", si: "mol/m³", scale: 1000, \.saltConcentration_mol_m3, domain: .closed(1e-4...100),
               doc: "bulk Li⁺ (salt) concentration c₀. For single-ion networks, the Li⁺ concentration of the network"),
        scalar("transport", "diffusivity_m2_s", "m²/s", si: "m²/s", scale: 1, \.diffusivity.referenceValue, domain: .closed(1e-22...1e-7), fit: positive,
               doc: "ambipolar salt diffusivity D at the reference temperature. Used for τ_d = L²/(π²D), J_lim = 2Fc₀D/((1 − t₊)L) and Sand's time. The Nernst–Einstein scale is D ≈ 2t₊(1 − t₊)σRT/(F²c₀)"),
        kJ("transport", "diffusivity_activation_energy_kJ_mol", \.diffusivity.activationEnergy_J_mol, fit: nil, doc: "Arrhenius E_a of D"),
    ]
}

extension SaltConcentrationSubmodel {
    public static var declaredElectrolyteKeys: [ElectrolyteKey] { ElectrolyteKeys.saltConcentrationKeys }
}
