import Foundation
import Testing
@testable import CellTwin

/// The conductivity laws: VFT and two-regime against their closed forms, and the semicrystalline laws (`two-regime`,
/// `two-regime-vft`; ``CrystallinePhase``, DOMAIN B §2.1).
@Suite struct ConductivityLawTests {
    /// A PEO/LiTFSI-like electrolyte: VFT amorphous branch (T₀ = −90 °C, B = 1100 K), melting at 55 °C.
    static let phase = CrystallinePhase(melting_K: 328.15, meltingWidth_K: 3, activationEnergy_J_mol: 110_000, jump: 0.25)
    static let law = ConductivityLaw.twoRegimeVFT(sigmaRef_S_m: 5e-2, referenceTemperature_K: 353.15, pseudoActivation_K: 1100,
                                                  idealGlassTemperature_K: 183.15, phase: phase)
    static let amorphous = ConductivityLaw.vft(sigmaRef_S_m: 5e-2, referenceTemperature_K: 353.15, pseudoActivation_K: 1100,
                                               idealGlassTemperature_K: 183.15)

    /// VFT closed form, written out here (DOMAIN B §2.1).
    static func vft(_ t: Double) -> Double { 5e-2 * (353.15 / t).squareRoot() * exp(-1100 / (t - 183.15) + 1100 / (353.15 - 183.15)) }

    @Test("far from the melting range each branch is its own closed form: VFT above, crystalline Arrhenius below")
    func branchesAwayFromTheMelt() {
        // 40ΔT above T_m the crystalline fraction is e⁻⁴⁰: σ equals the VFT law.
        for t in [448.15, 423.15] {
            #expect(abs(Self.law.sigma_S_m(at: t) / Self.vft(t) - 1) < 1e-12, "T = \(t)")
        }
        // 40ΔT below: σ_c = jump·σ_a(T_m)·exp[−(E_c/R)(1/T − 1/T_m)].
        for t in [208.15, 233.15] {
            let c = 0.25 * Self.vft(328.15) * exp(-(110_000 / Physical.gas) * (1 / t - 1 / 328.15))
            #expect(abs(Self.law.sigma_S_m(at: t) / c - 1) < 1e-12, "T = \(t)")
        }
        // At T_m the logarithmic mean of the two phases: σ = √(jump)·σ_a(T_m).
        #expect(abs(Self.law.sigma_S_m(at: 328.15) / (0.25.squareRoot() * Self.vft(328.15)) - 1) < 1e-12)
        // Apparent activation energy: E_c deep in the crystalline range, the VFT value well above.
        #expect(abs(Self.law.apparentActivationEnergy_J_mol(at: 233.15) - 110_000) < 200)
        let t = 393.15
        let vftEa = Physical.gas * (1100 * t * t / ((t - 183.15) * (t - 183.15)) - t / 2)
        #expect(abs(Self.law.apparentActivationEnergy_J_mol(at: t) / vftEa - 1) < 1e-3)
    }

    @Test("σ is positive and continuous over −40…150 °C, steepest in the melting range")
    func positiveAndContinuous() {
        for law in [Self.law, ConductivityLaw.twoRegime(high: Arrhenius(referenceValue: 3.36e-3, activationEnergy_J_mol: 47_000,
                                                                          referenceTemperature_K: 361.15),
                                                        melting_K: 323.15, meltingWidth_K: 3, lowActivationEnergy_J_mol: 100_000,
                                                        meltingJump: 0.3)] {
            var previous = log(law.sigma_S_m(at: 233.15))
            var largestStep = 0.0
            for k in 1...19_000 {
                let t = 233.15 + 0.01 * Double(k)
                let s = law.sigma_S_m(at: t)
                #expect(s.isFinite && s > 0, "\(law.name) at \(t) K: \(s)")
                let ls = log(s)
                largestStep = max(largestStep, abs(ls - previous))
                previous = ls
            }
            // d ln σ/dT ≤ E_c/(RT²) at −40 °C (0.24 K⁻¹ for 110 kJ/mol) + |ln jump|/(4ΔT) (0.12 K⁻¹) + the amorphous
            // branch's slope (< 0.05 K⁻¹): below 0.5 per kelvin, so ≤ 0.005 per 0.01 K; a jump of the law would be ≥ 1.
            #expect(largestStep < 5e-3, "\(law.name): largest step of ln σ in 0.01 K is \(largestStep)")
        }
    }

    @Test("a file without phase keys is the old law exactly; a phase key on a plain law is refused")
    func oldLawsUnchanged() throws {
        for id in Fixtures.models.electrolyteIDs {
            let e = try Fixtures.models.electrolyte(id)
            for tC in [-20.0, 0, 25, 60, 100, 140] where Units.kelvin(celsius: tC) > e.conductivity.lowestDefinedTemperature_K {
                let t = Units.kelvin(celsius: tC)
                switch e.conductivity {
                case .arrhenius(let a):
                    let closed = a.referenceValue * exp(-(a.activationEnergy_J_mol / Physical.gas) * (1 / t - 1 / a.referenceTemperature_K))
                    #expect(abs(e.conductivity.sigma_S_m(at: t) / closed - 1) < 1e-14, "\(id) at \(tC) C")
                case let .vft(s, tRef, b, t0):
                    let closed = s * (tRef / t).squareRoot() * exp(-b / (t - t0) + b / (tRef - t0))
                    #expect(e.conductivity.sigma_S_m(at: t) == closed, "\(id) at \(tC) C")
                default: break
                }
            }
        }
        // A plain Arrhenius file given a melting temperature is an error naming the key.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("phase-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = try String(contentsOf: Fixtures.models.directory.appendingPathComponent("electrolytes/CPCSE.toml"), encoding: .utf8)
        let bad = source.replacingOccurrences(of: "[conductivity]\n",
                                              with: "[conductivity]\nmelting_temperature_C = { value = 55, source = \"test\" }\n")
        #expect(bad != source)
        let path = dir.appendingPathComponent("CPCSE.toml").path
        try bad.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try ElectrolyteFile.load(path: path)
            Issue.record("a melting temperature on an Arrhenius law was accepted")
        } catch {
            #expect("\(error)".contains("melting_temperature_C"), "\(error)")
        }
    }

    @Test("a two-regime-vft file round-trips through the key table and rejects T_m at or below T₀")
    func keyTableRoundTrip() {
        var e = Fixtures.simpleElectrolyte()
        e.conductivity = Self.law
        for (path, value) in [("conductivity.melting_temperature_C", 55.0), ("conductivity.melting_width_K", 3),
                              ("conductivity.low_activation_energy_kJ_mol", 110), ("conductivity.melting_jump", 0.25),
                              ("conductivity.vft_B_K", 1100), ("conductivity.vft_T0_C", -90)] {
            let k = ElectrolyteKeys.key(path)!
            #expect(k.applies(toLaw: "two-regime-vft"), "\(path)")
            #expect(abs(k.get(e) - value) < 1e-9, "\(path): \(k.get(e))")
        }
        #expect(!ElectrolyteKeys.key("conductivity.activation_energy_kJ_mol")!.applies(toLaw: "two-regime-vft"))
        // T_m's fit bound stays above T₀.
        if case let .bounded(lower, _) = ElectrolyteKeys.key("conductivity.melting_temperature_C")!.fit!(e) {
            #expect(lower > -90)
        } else {
            Issue.record("melting temperature is not a bounded fit parameter")
        }
    }

    /// Synthetic σ(T) from −20 to 120 °C with a crossover at 55 °C (±1 % deterministic noise), fitted by the project's
    /// least squares through the key table's transforms: σ_ref, B, T_m and the jump are recovered (T₀, ΔT and E_c held).
    @Test("the phase law recovers σ_ref, B, T_m and the jump from synthetic σ(T) with a crossover")
    func recoversParametersFromSyntheticData() throws {
        var truth = Fixtures.simpleElectrolyte()
        truth.validTemperatureRange_K = 233.15...423.15
        truth.conductivity = Self.law
        let temps = stride(from: -20.0, through: 120, by: 5).map { Units.kelvin(celsius: $0) }
        let data = temps.enumerated().map { i, t in truth.conductivity.sigma_S_m(at: t) * (1 + 0.01 * sin(2.3 * Double(i) + 0.7)) }
        let paths = ["conductivity.sigma_S_cm", "conductivity.vft_B_K", "conductivity.melting_temperature_C", "conductivity.melting_jump"]
        let keys = paths.map { ElectrolyteKeys.key($0)! }
        let trueValues = keys.map { $0.get(truth) }
        // Start well away from the truth: σ ×3, B 800 K, T_m 45 °C, jump 0.6.
        var start = truth
        for (k, v) in zip(keys, [trueValues[0] * 3, 800, 45, 0.6]) { k.set(&start, v) }
        let parameters = zip(paths, keys).map { p, k in FitParameter(p, initial: k.get(start), k.fit!(start)) }
        let base = start
        let fit = try NonlinearLeastSquares.fit(parameters, residualCount: temps.count) { x in
            var e = base
            for (k, v) in zip(keys, x) { k.set(&e, v) }
            return zip(temps, data).map { t, d in log(e.conductivity.sigma_S_m(at: t) / d) / 0.01 }
        }
        #expect(fit.nonIdentifiable.isEmpty)
        for (i, p) in paths.enumerated() {
            let est = fit.estimates[i]
            let interval = try #require(est.interval, "\(p) has no interval")
            #expect(interval.contains(trueValues[i]), "\(p): true \(trueValues[i]) outside \(interval)")
            let tolerance = p.hasSuffix("melting_temperature_C") ? 0.5 : 0.05 * abs(trueValues[i])
            #expect(abs(est.value - trueValues[i]) < tolerance, "\(p): \(est.value) vs \(trueValues[i])")
        }
        // The same data fitted with a plain VFT law cannot follow the crossover: χ² far larger.
        let plain = try NonlinearLeastSquares.fit([FitParameter("sigma", initial: 1e-2, .positive), FitParameter("B", initial: 1000, .positive)],
                                                  residualCount: temps.count) { x in
            let l = ConductivityLaw.vft(sigmaRef_S_m: x[0], referenceTemperature_K: 353.15, pseudoActivation_K: x[1],
                                        idealGlassTemperature_K: 183.15)
            return zip(temps, data).map { t, d in log(l.sigma_S_m(at: t) / d) / 0.01 }
        }
        #expect(plain.chiSquare > 100 * fit.chiSquare, "plain VFT χ² \(plain.chiSquare) vs phase law \(fit.chiSquare)")
    }

    @Test func vftApparentActivationEnergyMatchesTheClosedForm() {
        // docs/DOMAIN.md B §2.1: E_app = R·[B·T²/(T − T₀)² − T/2] with the T^(−1/2) prefactor.
        let b = 900.0, t0 = 180.0
        let law = ConductivityLaw.vft(sigmaRef_S_m: 1e-3, referenceTemperature_K: 303.15, pseudoActivation_K: b,
                                      idealGlassTemperature_K: t0)
        for t in [273.15, 303.15, 373.15] {
            let exact = Physical.gas * (b * t * t / ((t - t0) * (t - t0)) - t / 2)
            #expect(abs(law.apparentActivationEnergy_J_mol(at: t) - exact) < 1e-4 * exact)
        }
        #expect(abs(law.sigma_S_m(at: 303.15) - 1e-3) < 1e-15)
    }

    @Test func twoRegimeLawFollowsEachBranchAwayFromTheMelt() {
        let high = Arrhenius(referenceValue: 3.36e-3, activationEnergy_J_mol: 47_000, referenceTemperature_K: 361.15)
        let law = ConductivityLaw.twoRegime(high: high, melting_K: 323.15, meltingWidth_K: 3,
                                            lowActivationEnergy_J_mol: 100_000, meltingJump: 0.3)
        // Far above T_m: the high branch; far below: the low branch through jump·σ_high(T_m).
        #expect(abs(law.sigma_S_m(at: 373.15) / high.value(at: 373.15) - 1) < 1e-4)
        let low = 0.3 * high.value(at: 323.15) * exp(-(100_000 / Physical.gas) * (1 / 283.15 - 1 / 323.15))
        #expect(abs(law.sigma_S_m(at: 283.15) / low - 1) < 1e-4)
        // Apparent activation energy: E_low below, E_high above.
        #expect(abs(law.apparentActivationEnergy_J_mol(at: 283.15) - 100_000) < 500)
        #expect(abs(law.apparentActivationEnergy_J_mol(at: 383.15) - 47_000) < 500)
    }
}
