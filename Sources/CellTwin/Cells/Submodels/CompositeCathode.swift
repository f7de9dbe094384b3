import Foundation

/// The composite cathode's pore structure (DOMAIN B §2.6): the electrolyte fills the pores between the active
/// particles, so Li⁺ reaches the particles through a porous layer of the electrolyte's own conductivity.
///
/// Thickness from the loading: L_c = m/(ρ_am·φ_am) (active mass per area over the active material's density and its
/// volume fraction in the electrode). Effective conductivity σ_eff = σ(T)·ε/τ with the Bruggeman tortuosity
/// τ = ε^(1 − b), b = 1.5, i.e. σ_eff = σ·ε^1.5 (Bruggeman, Ann. Phys. 416 (1935) 636; the exponent PyBaMM's
/// Prada2013 and Chen2020 sets use for the positive electrode's electrolyte). SI units.
public struct PoreElectrodeGeometry: Sendable, Equatable {
    /// ε: electrolyte volume fraction of the composite cathode.
    public var porosity: Double
    /// φ_am: active-material volume fraction of the composite cathode.
    public var activeVolumeFraction: Double
    /// ρ_am: density of the active material, kg m⁻³.
    public var activeDensity_kg_m3: Double
    /// b in σ_eff = σ·ε^b (1.5: Bruggeman).
    public var bruggemanExponent: Double

    public init(porosity: Double, activeVolumeFraction: Double, activeDensity_kg_m3: Double, bruggemanExponent: Double = 1.5) {
        self.porosity = porosity
        self.activeVolumeFraction = activeVolumeFraction
        self.activeDensity_kg_m3 = activeDensity_kg_m3
        self.bruggemanExponent = bruggemanExponent
    }

    /// L_c = m/(ρ_am·φ_am), m, for an active-material loading m in kg m⁻².
    public func thickness_m(loading_kg_m2: Double) -> Double {
        loading_kg_m2 / (activeDensity_kg_m3 * activeVolumeFraction)
    }

    /// σ_eff/σ = ε^b (ε/τ with τ = ε^(1 − b)).
    public var conductivityFactor: Double { pow(porosity, bruggemanExponent) }

    /// R_ion = L_c/σ_eff across the electrode, Ω m², for the electrolyte conductivity σ (S m⁻¹).
    public func ionicASR_ohm_m2(loading_kg_m2: Double, sigma_S_m: Double) -> Double {
        thickness_m(loading_kg_m2: loading_kg_m2) / (sigma_S_m * conductivityFactor)
    }
}

/// The electrolyte inside the composite cathode as a de Levie transmission line (de Levie, Electrochim. Acta 8 (1963)
/// 751; DOMAIN B §2.6): ionic resistance R_ion across the electrode (Ω m² per cell area) in the pores, and a reaction
/// resistance r (Ω m² per cell area) from every depth to the particles (charge transfer plus the particles' film).
///
/// With ν = √(R_ion/r):
/// - DC resistance of the electrode R_el = √(R_ion·r)·coth ν = r·ν·coth ν → r + R_ion/3 for ν → 0 (kinetics slow
///   against the pore path: the whole electrode reacts) and → √(R_ion·r) for ν ≫ 1 (the reaction crowds near the
///   separator within the penetration depth L_c/ν);
/// - utilisation (the effectiveness factor of the porous electrode) u = tanh ν/ν = r/R_el ∈ (0, 1]: the fraction of
///   the particles' reaction conductance the electrode uses, so the reacting particles carry J/u on average;
/// - impedance Z = R_ion·coth β/β, β² = R_ion/Z_p(ω), the `T` element of impedance.py with B = 0 when the particle
///   impedance Z_p is r ∥ C_dl (``CellImpedanceModel``).
///
/// In the cell the reaction resistance is the chord of the Butler–Volmer law, r(J) = η_C(J)/J + ASR_CEI with
/// η_C = (2RT/F)·asinh(J/(2i₀)) (DOMAIN B §3), so the cathode's overpotential is η_el = J·r(J)/u(ν(J)) and reduces
/// to η_C + J·ASR_CEI exactly when R_ion = 0. r(J) falls as the current rises, so u falls with current; R_ion rises
/// as the electrolyte's σ(T) falls, so u falls in the cold wherever σ(T) is more strongly activated than i₀
/// [derived; the linear line with the chord resistance is an approximation of the nonlinear one].
///
/// The full cell keeps the uneven reaction in this overpotential and drives the solid diffusion of the mean particle
/// (J/Q): ending a discharge when the most loaded particles near the separator fill would cut a capacity the deeper
/// particles go on delivering, and made the capacity rise as a growing film spreads the reaction (the utilisation u
/// is reported, not applied to the particles' load).
public enum TransmissionLine {
    /// h(ν) = ν·coth ν (1 + ν²/3 − ν⁴/45 + … for small ν), and its derivative.
    @inline(__always)
    static func nuCothNu(_ nu: Double) -> (value: Double, derivative: Double) {
        if nu < 1e-3 {
            let n2 = nu * nu
            return (1 + n2 / 3 - n2 * n2 / 45, nu * (2.0 / 3.0 - 4 * n2 / 45))
        }
        let t = FastMath.tanh(nu)
        let c = 1 / t
        // d(ν coth ν)/dν = coth ν − ν/sinh²ν = coth ν − ν(coth²ν − 1).
        return (nu * c, c - nu * (c * c - 1))
    }

    /// DC resistance of the line, R_el = √(R_ion·r)·coth √(R_ion/r), Ω m² (r > 0, R_ion ≥ 0).
    public static func resistance(ionic: Double, reaction: Double) -> Double {
        reaction * nuCothNu((ionic / reaction).squareRoot()).value
    }

    /// Utilisation u = tanh ν/ν, ν = √(R_ion/r).
    public static func utilisation(ionic: Double, reaction: Double) -> Double {
        1 / nuCothNu((ionic / reaction).squareRoot()).value
    }

    /// Penetration depth of the reaction as a fraction of the electrode thickness, min(1, 1/ν).
    public static func penetrationFraction(ionic: Double, reaction: Double) -> Double {
        ionic > 0 ? min(1, (reaction / ionic).squareRoot()) : 1
    }

    /// de Levie impedance R_ion·coth β/β with β = √(R_ion/Z_p), for a particle impedance Z_p (Ω m² per cell area).
    public static func impedance(ionic: Double, particle zp: Complex) -> Complex {
        guard ionic > 0 else { return zp }
        let beta = Complex.sqrt(Complex(ionic, 0) / zp)
        return ionic / (beta * Complex.tanh(beta))
    }
}

/// The cathode block of the full cell at one temperature (``FullCellModel``): kinetics, the particles' film and the
/// pore electrolyte as a transmission line. SI units; J > 0 on discharge.
public struct CompositeCathodeResolved: Sendable, Equatable {
    /// R_ion(T), Ω m² (0: no pore path; the block is then η_C + J·ASR_CEI).
    public var ionicASR_ohm_m2: Double
    /// i₀,C(T), A m⁻².
    public var exchangeCurrent_A_m2: Double
    /// RT/F, V.
    public var thermalVoltage_V: Double

    public init(ionicASR_ohm_m2: Double, exchangeCurrent_A_m2: Double, thermalVoltage_V: Double) {
        self.ionicASR_ohm_m2 = ionicASR_ohm_m2
        self.exchangeCurrent_A_m2 = exchangeCurrent_A_m2
        self.thermalVoltage_V = thermalVoltage_V
    }

    /// The block at current j and particle film ASR f (Ω m²).
    public struct State: Sendable, Equatable {
        /// η_el = J·r/u, V.
        public var overpotential_V: Double
        /// ∂η_el/∂J, Ω m².
        public var slope_ohm_m2: Double
        /// 1/u = ν·coth ν ≥ 1.
        public var inverseUtilisation: Double
        /// ∂(1/u)/∂J, m² A⁻¹.
        public var inverseUtilisationSlope: Double
        /// The part of η_el carried by the pore electrolyte, J·r·(1/u − 1), V.
        public var ionicOverpotential_V: Double

        public var utilisation: Double { 1 / inverseUtilisation }
    }

    /// r(J) = (RT/(F i₀))·asinh(a)/a + f with a = J/(2i₀), and dr/dJ.
    @inline(__always)
    func reactionResistance(current j: Double, film f: Double) -> (r: Double, dr: Double) {
        let i0 = exchangeCurrent_A_m2
        let a = j / (2 * i0)
        let linear = thermalVoltage_V / i0
        let s: Double, ds: Double
        if abs(a) < 1e-3 {
            let a2 = a * a
            s = 1 - a2 / 6 + 3 * a2 * a2 / 40
            ds = a * (-1.0 / 3.0 + 3 * a2 / 10)
        } else {
            let as_ = FastMath.asinh(a)
            s = as_ / a
            ds = (a / (1 + a * a).squareRoot() - as_) / (a * a)
        }
        return (linear * s + f, linear * ds / (2 * i0))
    }

    /// The cathode block at current j (A m⁻²) with particle film ASR f (Ω m²).
    @inline(__always)
    public func state(current j: Double, film f: Double) -> State {
        let (r, dr) = reactionResistance(current: j, film: f)
        guard ionicASR_ohm_m2 > 0 else {
            return State(overpotential_V: j * r, slope_ohm_m2: r + j * dr, inverseUtilisation: 1, inverseUtilisationSlope: 0,
                         ionicOverpotential_V: 0)
        }
        let nu = (ionicASR_ohm_m2 / r).squareRoot()
        let (h, dh) = TransmissionLine.nuCothNu(nu)
        // dν/dJ = −ν/(2r)·dr/dJ; d(J r h)/dJ = r h + J·dr·(h − ν h′/2).
        let dhdJ = dh * (-nu / (2 * r)) * dr
        return State(overpotential_V: j * r * h, slope_ohm_m2: r * h + j * dr * (h - 0.5 * nu * dh),
                     inverseUtilisation: h, inverseUtilisationSlope: dhdJ, ionicOverpotential_V: j * r * (h - 1))
    }
}

extension CellDesign {
    /// R_ion(T) of the cathode's pore electrolyte, Ω m² (DOMAIN B §2.6): the electrolyte's own σ(T) through the
    /// electrode's porosity (Bruggeman); 0 when the cathode model has no pore geometry.
    public func cathodeIonicASR_ohm_m2(at temperature_K: Double) -> Double {
        guard let g = cathode.poreGeometry else { return 0 }
        return g.ionicASR_ohm_m2(loading_kg_m2: cathodeLoading_kg_m2, sigma_S_m: electrolyte.conductivity.sigma_S_m(at: temperature_K))
    }

    /// The cathode block at T: pore path, kinetics.
    public func compositeCathode(at temperature_K: Double) -> CompositeCathodeResolved {
        CompositeCathodeResolved(ionicASR_ohm_m2: cathodeIonicASR_ohm_m2(at: temperature_K),
                                 exchangeCurrent_A_m2: cathode.exchangeCurrent.value(at: temperature_K),
                                 thermalVoltage_V: Physical.thermalVoltage(temperature_K))
    }
}
