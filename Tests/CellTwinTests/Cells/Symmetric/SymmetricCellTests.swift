import Foundation
import Testing
@testable import CellTwin

/// Physics of the Li | E | Li model (DOMAIN A3, A4, B §2.4, §4.1), each against an analytic reference.
@Suite struct SymmetricCellTests {
    /// A binary-salt electrolyte with simple numbers (Fixtures.simpleElectrolyte) and optional aging.
    /// A synthetic electrolyte; without `failure` its interface keeps full contact and plating does no damage per
    /// charge, so that transport and kinetics are tested against their closed forms alone.
    static func electrolyte(tPlus: Double = 0.3, interphase_ohm_m2: Double = 1e-3,
                            aging: AgingParameters = .none, failure: Bool = false) -> Electrolyte {
        var e = Fixtures.simpleElectrolyte(tPlus: tPlus)
        e.lithiumInterphaseASR_ohm_m2 = interphase_ohm_m2
        e.aging = aging
        if !failure {
            e.voidLaw.voidCharge_C_m2 = .infinity
            e.shortLaw.criticalCharge_C_m2 = .infinity
        }
        return e
    }

    static func simulator(_ e: Electrolyte, temperature_C: Double = 25, tight: Bool = true) throws -> SymmetricSimulator {
        var options = SymmetricOptions()
        if tight {
            options.relativeTolerance = 1e-9
            options.absoluteTolerance = 1e-10
            options.saltTolerance = 1e-10
        }
        return try SymmetricSimulator(electrolyte: e, temperature_C: temperature_C, options: options)
    }

    @Test(arguments: [1, 5, 20, 60])
    func modalWeightsSumToOneAndTheRemainderShrinks(modes: Int) {
        let m = SaltDiffusionModes(modes: modes, diffusionTime_s: 100)
        #expect(abs(m.weights.reduce(0, +) - 1) < 1e-14)
        #expect(m.weights.count == modes + 1 && m.rates.count == modes + 1)
        // The remainder weight is Σ_{n > 2N−1, odd} 8/(π²n²) ≈ 2/(π²N).
        let tail = m.weights[modes]
        #expect(tail > 0 && abs(tail - 2 / (Double.pi * Double.pi * Double(modes))) < 0.3 * tail)
        // The lumped remainder relaxes faster than the last explicit mode.
        #expect(m.rates[modes] > m.rates[modes - 1])
        #expect(abs(m.rates[0] - 1.0 / 100) < 1e-15)
    }

    @Test func seriesSolutionMatchesItsEarlyTimeForm() {
        // DOMAIN B §2.4: the two forms of Δc(t)/Δc_ss agree while t ≪ τ.
        for x in [1e-4, 1e-3, 1e-2] {
            let series = SaltDiffusionModes.seriesFraction(time_s: x * 50, diffusionTime_s: 50)
            let early = SaltDiffusionModes.earlyFraction(time_s: x * 50, diffusionTime_s: 50)
            #expect(abs(series - early) < 1e-9, "t/τ = \(x)")
        }
        #expect(abs(SaltDiffusionModes.seriesFraction(time_s: 1e4, diffusionTime_s: 1) - 1) < 1e-15)
        #expect(SaltDiffusionModes.seriesFraction(time_s: 0, diffusionTime_s: 1) == 0)
    }

    @Test func concentrationTransientMatchesTheSeriesSolution() throws {
        // Δc(t) = Δc_ss[1 − (8/π²)Σ n⁻² e^{−n²t/τ}] after a current step from rest (DOMAIN B §2.4).
        let sim = try Self.simulator(Self.electrolyte())
        let model = sim.model
        let j = 2.0
        let tau = model.diffusionTime_s
        let steady = model.saltDifferencePerCurrent * j
        var t = 0.0
        for x in [0.02, 0.05, 0.1, 0.3, 1, 3] {
            _ = try sim.advance(control: .current(A_m2: j), duration_s: x * tau - t, events: [])
            t = x * tau
            let simulated = model.saltDifference(sim.integrator.y) / steady
            let exact = SaltDiffusionModes.seriesFraction(time_s: t, diffusionTime_s: tau)
            #expect(abs(simulated - exact) < 2e-5, "t = \(x)τ: \(simulated) vs \(exact)")
        }
        // Electrode 1 (stripping) is enriched, electrode 2 (plating) depleted by Δc/2 each.
        let (c1, c2) = model.surfaceConcentrations(sim.integrator.y)
        #expect(abs((c1 + c2) / 2 - model.saltConcentration_mol_m3) < 1e-9 * model.saltConcentration_mol_m3)
        #expect(c1 > c2)
    }

    @Test func earlyTimeDepletionGrowsAsSquareRootOfTime() throws {
        // Surface deviation 2J(1 − t₊)√t/(F√(πD)) for t ≪ τ (DOMAIN B §2.4).
        let e = Self.electrolyte()
        let sim = try Self.simulator(e)
        let model = sim.model
        let j = 2.0
        let d = e.diffusivity.value(at: model.temperature_K)
        var t = 0.0
        for x in [0.003, 0.01, 0.03] {
            _ = try sim.advance(control: .current(A_m2: j), duration_s: x * model.diffusionTime_s - t, events: [])
            t = x * model.diffusionTime_s
            let deviation = model.saltConcentration_mol_m3 - model.surfaceConcentrations(sim.integrator.y).electrode2
            let semiInfinite = 2 * j * (1 - e.transferenceNumber) * t.squareRoot() / (Physical.faraday * (Double.pi * d).squareRoot())
            #expect(abs(deviation / semiInfinite - 1) < 0.01, "t = \(x)τ")
        }
    }

    @Test(arguments: [5.0, 10.0, 30.0])
    func sandOnsetAtHighCurrentFollowsSandsTime(multipleOfLimitingCurrent k: Double) throws {
        // t_s = πD(c₀F)²/(4(J(1 − t₊))²) for J ≫ J_lim (DOMAIN B §4.1).
        let e = Self.electrolyte()
        let sim = try Self.simulator(e)
        let j = k * e.limitingCurrent_A_m2(at: sim.temperature_K)
        let ts = e.sandTime_s(current_A_m2: j, temperature_K: sim.temperature_K)
        let s = try sim.advance(control: .current(A_m2: j), duration_s: 10 * ts, events: sim.standardEvents)
        #expect(s.event == .sandOnset)
        #expect(abs(s.end_s / ts - 1) < 0.02, "J = \(k) J_lim: onset \(s.end_s) s, Sand \(ts) s")
        // The onset is located in time to the driver's tolerance; the surface concentration falls steeply there
        // (∝ √(t_s − t)), so a few 1e-5 of c₀ remain.
        #expect(abs(sim.model.surfaceConcentrations(sim.integrator.y).electrode2) < 3e-5 * e.saltConcentration_mol_m3)
    }

    @Test func belowTheLimitingCurrentTheSaltNeverRunsOut() throws {
        let e = Self.electrolyte()
        let sim = try Self.simulator(e, tight: false)
        let j = 0.8 * e.limitingCurrent_A_m2(at: sim.temperature_K)
        let s = try sim.advance(control: .current(A_m2: j), duration_s: 30 * sim.model.diffusionTime_s, events: sim.standardEvents)
        #expect(s.event == nil)
        let c2 = sim.model.surfaceConcentrations(sim.integrator.y).electrode2
        #expect(abs(c2 / e.saltConcentration_mol_m3 - 0.2) < 1e-4)
    }

    @Test func singleIonElectrolyteHasNoPolarizationAndNoSandOnset() throws {
        let e = Self.electrolyte(tPlus: 1)
        let sim = try Self.simulator(e, tight: false)
        #expect(sim.model.saltModes == nil && sim.model.diffusionASR_ohm_m2 == 0)
        #expect(!sim.standardEvents.contains(.sandOnset))
        #expect(e.sandTime_s(current_A_m2: 1000, temperature_K: 298.15) == .infinity)
        // 100× the limiting current a t₊ = 0.3 twin would have, for 10 h: no depletion at all.
        let j = 100 * Self.electrolyte().limitingCurrent_A_m2(at: 298.15)
        var options = SymmetricOptions()
        options.voltageLimit_V = 1e6
        let big = try SymmetricSimulator(electrolyte: e, temperature_C: 25, options: options)
        let r = try big.platingStripping(PlatingStripping(current_A_m2: j, capacityPerHalfCycle_C_m2: j * 3600, duration_s: 36_000))
        #expect(r.event == nil && r.halfCycles.count == 10)
        #expect(r.trace.depletedConcentrationFraction.allSatisfy { $0 == 1 })
    }

    @Test func steadyVoltageIsBulkPlusKineticsPlusRdTimesJ() throws {
        // A3 at steady state: V = J·ASR_b + 2(2RT/F)asinh(J/2i₀) + R_d·J + J·(ASR₁ + ASR₂).
        let e = Self.electrolyte(tPlus: 0.4)
        let sim = try Self.simulator(e)
        let m = sim.model
        let j = 1.5
        let s = try sim.advance(control: .current(A_m2: j), duration_s: 40 * m.diffusionTime_s, events: [])
        let expected = j * m.bulkASR_ohm_m2 + 4 * m.thermalVoltage_V * asinh(j / (2 * m.exchangeCurrent_A_m2))
            + m.diffusionASR_ohm_m2 * j + 2 * j * e.lithiumInterphaseASR_ohm_m2
        #expect(abs(s.endVoltage_V - expected) < 1e-8 * expected)
        #expect(abs(m.diffusionASR_ohm_m2 - m.bulkASR_ohm_m2 * 0.6 / 0.4) < 1e-15)
    }

    @Test func overpotentialRisesWithCurrent() throws {
        let e = try Fixtures.models.electrolyte("HE-PEIgPHE")
        var last = 0.0
        // Below the electrolyte's critical stripping current (1.5 mA/cm² at 60 °C) and limiting current.
        for mA in [0.05, 0.1, 0.2, 0.4] {
            let sim = try SymmetricSimulator(electrolyte: e, temperature_C: 60)
            let r = try sim.platingStripping(PlatingStripping(current_mA_cm2: mA, capacity_mAh_cm2: mA, duration_h: 2))
            let half = try #require(r.halfCycles.count >= 2 ? r.halfCycles[1] : nil, "\(mA) mA/cm²: \(r.halfCycles.count) half-cycles")
            #expect(half.overpotential_V > last, "\(mA) mA/cm²: \(half.overpotential_V) V")
            last = half.overpotential_V
        }
        // Well above the critical current (the limiting current, 1.37 mA/cm² at 60 °C) the cell fails within the first
        // half-cycles of 1 mAh/cm²: the per-charge damage shorts it or the plating surface runs out of salt.
        let sim = try SymmetricSimulator(electrolyte: e, temperature_C: 60)
        let r = try sim.platingStripping(PlatingStripping(current_mA_cm2: 2.5, capacity_mAh_cm2: 1, duration_h: 2))
        #expect(r.event == .shortCircuit || r.event == .sandOnset, "\(String(describing: r.event))")
    }

    @Test func overpotentialFallsWithTemperature() throws {
        let e = try Fixtures.models.electrolyte("HE-PEIgPHE")
        var last = Double.infinity
        // From 30 °C up (at 0 °C, 0.1 mA/cm² lies above this polymer's critical current and the cell shorts).
        for t in [30.0, 60, 100] {
            let sim = try SymmetricSimulator(electrolyte: e, temperature_C: t)
            let r = try sim.platingStripping(PlatingStripping(current_mA_cm2: 0.1, capacity_mAh_cm2: 0.1, duration_h: 2))
            let half = try #require(r.halfCycles.count >= 2 ? r.halfCycles[1] : nil, "\(t) °C")
            let v = half.overpotential_V
            #expect(v < last, "\(t) °C: \(v) V")
            last = v
        }
    }

    @Test func chargeIsConserved() throws {
        // Each half-cycle passes exactly Q; the Li moved to electrode 2 returns to zero after every cycle;
        // the salt only moves (the mean concentration stays c₀).
        let e = Self.electrolyte(tPlus: 0.5)
        let sim = try Self.simulator(e, tight: false)
        let test = PlatingStripping(current_A_m2: 1, capacityPerHalfCycle_C_m2: 1800, duration_s: 8 * 1800)
        let r = try sim.platingStripping(test)
        #expect(r.halfCycles.count == 8)
        for h in r.halfCycles {
            #expect(abs(abs(h.charge_C_m2) - 1800) < 1e-9 * 1800)
            #expect((h.charge_C_m2 > 0) == (h.index % 2 == 1))
        }
        #expect(abs(sim.integrator.y[sim.model.iCharge]) < 1e-9 * 1800)
        let (c1, c2) = sim.model.surfaceConcentrations(sim.integrator.y)
        #expect(abs(c1 + c2 - 2 * e.saltConcentration_mol_m3) < 1e-12 * e.saltConcentration_mol_m3)
    }

    @Test func interphaseGrowsParabolicallyAtRest() throws {
        // d(ASR²)/dt = k_cal at rest ⇒ ASR ∝ √t from a bare surface (DOMAIN A4).
        let k = 1e-8 / 3600  // 1 Ω² cm⁴ per hour, in Ω² m⁴ s⁻¹
        let aging = AgingParameters(referenceTemperature_K: 298.15, seiCalendarRate_ohm2m4_s: k, seiActivationEnergy_J_mol: 40_000)
        let sim = try Self.simulator(Self.electrolyte(interphase_ohm_m2: 0, aging: aging))
        _ = try sim.advance(control: .rest, duration_s: 100 * 3600, events: [])
        let a100 = sim.model.interphaseASR(sim.integrator.y).electrode1
        _ = try sim.advance(control: .rest, duration_s: 300 * 3600, events: [])
        let a400 = sim.model.interphaseASR(sim.integrator.y)
        #expect(abs(a400.electrode1 / a100 - 2) < 1e-9)
        #expect(abs(a400.electrode1 - (k * 400 * 3600).squareRoot()) < 1e-9 * a400.electrode1)
        #expect(a400.electrode1 == a400.electrode2)
        // Arrhenius: at 60 °C the same rest grows ASR² faster by exp[(E_a/R)(1/298.15 − 1/333.15)].
        let hot = try Self.simulator(Self.electrolyte(interphase_ohm_m2: 0, aging: aging), temperature_C: 60)
        _ = try hot.advance(control: .rest, duration_s: 400 * 3600, events: [])
        let factor = exp(40_000 / Physical.gas * (1 / 298.15 - 1 / 333.15))
        let aHot = hot.model.interphaseASR(hot.integrator.y).electrode1
        #expect(abs(aHot * aHot / (a400.electrode1 * a400.electrode1) - factor) < 1e-8 * factor)
    }

    @Test func platingGrowsTheInterphaseAndDamageOfThePlatedElectrodeOnly() throws {
        let kpl = 1e-8 / 3.6e4  // 1 Ω² cm⁴ per mAh cm⁻²
        let aging = AgingParameters(referenceTemperature_K: 298.15, seiPlatingRate_ohm2m4_per_C_m2: kpl)
        var e = Self.electrolyte(interphase_ohm_m2: 2e-3, aging: aging)
        e.shortLaw = ShortLaw(referenceCurrent_A_m2: 1, exponent: 2, referenceTime_s: 10 * 3600,
                              activationEnergy_J_mol: 0, referenceTemperature_K: 298.15, criticalCharge_C_m2: .infinity)
        let sim = try Self.simulator(e)
        let q = 3600.0
        _ = try sim.advance(control: .current(A_m2: 2), duration_s: q / 2, events: [])
        let y = sim.integrator.y
        let m = sim.model
        #expect(abs(y[m.iInterphase2] - y[m.iInterphase1] - kpl * q) < 1e-9 * kpl * q)
        #expect(abs(y[m.iInterphase1] - 4e-6) < 1e-18)
        // (2/1)² per 10 h: 0.5 h at 2 A m⁻² gives Φ₂ = 0.2, Φ₁ = 0.
        #expect(abs(y[m.iDamage2] - 0.2) < 1e-9 && y[m.iDamage1] == 0)
    }

    @Test func strippingAboveTheCriticalCurrentOpensVoidsThatCyclingSettles() throws {
        // Each electrode strips and plates in turn: both settle near v* = xᵖ/(1 + xᵖ) (``LithiumVoidLaw``), and the
        // lost contact divides each interface's resistance, (R_ct + ASR_SEI)/(1 − v) (DOMAIN B §4.6).
        var e = Self.electrolyte(tPlus: 1)
        e.voidLaw = LithiumVoidLaw(criticalStrippingCurrent: Arrhenius(referenceValue: 2, activationEnergy_J_mol: 0),
                                   voidCharge_C_m2: 20, exponent: 4)
        let sim = try Self.simulator(e, tight: false)
        let m = sim.model
        let j = 3.0, halfCycle_s = 1.0 / 3.0  // 1 C m⁻² per half-cycle, q/q_v = 0.05
        for _ in 0..<150 {
            _ = try sim.advance(control: .current(A_m2: j), duration_s: halfCycle_s, events: [])
            _ = try sim.advance(control: .current(A_m2: -j), duration_s: halfCycle_s, events: [])
        }
        let y = sim.integrator.y
        let settled = e.voidLaw.settledVoidFraction(strippingCurrent_A_m2: j, temperature_K: m.temperature_K)
        #expect(abs(settled - pow(1.5, 4) / (1 + pow(1.5, 4))) < 1e-12)
        #expect(abs(y[m.iVoid1] - settled) < 0.03 && abs(y[m.iVoid2] - settled) < 0.03, "v = \(y[m.iVoid1]), \(y[m.iVoid2]); v* = \(settled)")
        let (c1, c2) = m.contact(y), (a1, a2) = m.interphaseASR(y)
        let expected = (m.chargeTransferASR_ohm_m2 + a1) / c1 + (m.chargeTransferASR_ohm_m2 + a2) / c2
        #expect(abs(m.interfacialASR_ohm_m2(y) - expected) < 1e-12 * expected)
        #expect(m.interfacialASR_ohm_m2(y) > 1.5 * 2 * (m.chargeTransferASR_ohm_m2 + e.lithiumInterphaseASR_ohm_m2))
        #expect(y[m.iDamage1] == 0 && y[m.iDamage2] == 0)
    }

    /// At the Li interface's reference temperature and away from it, where the interphase ASR carries its Arrhenius
    /// factor (ASR_SEI = f(T)·√s) into ∂V/∂s under voltage control.
    @Test(arguments: [SymmetricControl.current(A_m2: -3), .voltage(V: 0.05), .voltage(V: -0.2)], [298.15, 333.15])
    func analyticJacobianMatchesFiniteDifferences(control: SymmetricControl, temperature_K: Double) throws {
        var e = Self.electrolyte(aging: AgingParameters(referenceTemperature_K: 298.15, seiCalendarRate_ohm2m4_s: 1e-11,
                                                        seiPlatingRate_ohm2m4_per_C_m2: 1e-12), failure: true)
        e.lithiumInterphaseActivationEnergy_J_mol = 40_000
        e.shortLaw = ShortLaw(referenceCurrent_A_m2: 1, exponent: 2.5, referenceTime_s: 3600, activationEnergy_J_mol: 0,
                              referenceTemperature_K: 298.15, criticalCurrent_A_m2: 3, criticalExponent: 8)
        let m = try SymmetricCellModel(electrolyte: e, temperature_K: temperature_K, saltModes: 5)
        #expect((temperature_K == 298.15) == (m.interphaseFactor == 1))
        m.configure(control: control, events: [])
        let n = m.dimension
        var y = m.initialState()
        for k in m.iSalt { y[k] = 30 * Double(k % 3) - 25 }
        y[m.iInterphase1] = 2e-6
        y[m.iInterphase2] = 5e-6
        // Voids on both electrodes, so that the contact terms of V, the damage and the void rates are exercised.
        y[m.iVoid1] = 0.3
        y[m.iVoid2] = 0.15
        y[m.iDamage1] = 0.1
        var jac = [Double](repeating: 0, count: n * n), dfdt = [Double](repeating: 0, count: n)
        var f0 = [Double](repeating: 0, count: n), f1 = f0
        _ = y.withUnsafeBufferPointer { yp in
            jac.withUnsafeMutableBufferPointer { jp in
                dfdt.withUnsafeMutableBufferPointer { m.jacobian(t: 0, y: yp.baseAddress!, dfdy: jp.baseAddress!, dfdt: $0.baseAddress!) }
            }
        }
        for col in 0..<n {
            let h = 1e-6 * max(abs(y[col]), col == m.iInterphase1 || col == m.iInterphase2 ? 1e-6 : 1)
            var yp = y, ym = y
            yp[col] += h
            ym[col] -= h
            _ = f0.withUnsafeMutableBufferPointer { m.derivatives(t: 0, y: yp, dydt: $0.baseAddress!) }
            _ = f1.withUnsafeMutableBufferPointer { m.derivatives(t: 0, y: ym, dydt: $0.baseAddress!) }
            for row in 0..<n {
                let fd = (f0[row] - f1[row]) / (2 * h)
                let an = jac[row * n + col]
                // Rounding of f (≈ 1e-13 relative, incl. the iterated current) is amplified by 1/h.
                let noise = 1e-12 * max(abs(f0[row]), abs(f1[row])) / h + 1e-14
                #expect(abs(fd - an) <= 1e-5 * max(abs(fd), abs(an)) + noise, "∂f[\(row)]/∂y[\(col)]: \(an) vs \(fd)")
            }
        }
        #expect(m.failure == nil)
    }

    @Test func meanVoltageOfASegmentIsTheTimeAverageOfV() throws {
        // The exact ∫V dt of `voltageIntegral` against a fine trapezoid of V(t) along the solution,
        // through a reversal transient with interphase growth.
        let aging = AgingParameters(referenceTemperature_K: 298.15, seiCalendarRate_ohm2m4_s: 1e-8,
                                    seiPlatingRate_ohm2m4_per_C_m2: 1e-9)
        let sim = try Self.simulator(Self.electrolyte(aging: aging))
        let m = sim.model
        _ = try sim.advance(control: .current(A_m2: 2), duration_s: 2 * m.diffusionTime_s, events: [])
        let t0 = sim.time_s
        m.configure(control: .current(A_m2: -2), events: [])
        var times = [t0], volts = [m.terminalVoltage(sim.integrator.y)]
        let y0 = sim.state
        var t = t0
        for k in 1...4000 {
            let next = t0 + 3 * m.diffusionTime_s * pow(Double(k) / 4000, 2)
            _ = try sim.integrator.integrate(from: t, to: next, events: [])
            t = next
            times.append(t)
            volts.append(m.terminalVoltage(sim.integrator.y))
        }
        var trapezoid = 0.0
        for i in 1..<times.count { trapezoid += 0.5 * (volts[i] + volts[i - 1]) * (times[i] - times[i - 1]) }
        let exact = m.voltageIntegral(current: -2, duration_s: t - t0, from: y0, to: sim.integrator.y)
        #expect(abs(exact / trapezoid - 1) < 1e-5, "\(exact) vs \(trapezoid)")
        // At rest the concentration-cell voltage K·Δc relaxes monotonically: the segment mean lies between its ends.
        let restStart = m.voltage(sim.integrator.y, current: 0).V
        let s = try sim.advance(control: .rest, duration_s: m.diffusionTime_s, events: [])
        #expect(restStart < s.meanVoltage_V && s.meanVoltage_V < s.endVoltage_V && s.endVoltage_V < 0)
    }

    @Test func potentiostaticCurrentHoldsTheVoltage() throws {
        let sim = try Self.simulator(Self.electrolyte())
        let s = try sim.advance(control: .voltage(V: 0.02), duration_s: 5 * sim.model.diffusionTime_s, events: [])
        #expect(abs(s.endVoltage_V - 0.02) < 1e-12)
        #expect(abs(s.meanVoltage_V - 0.02) < 1e-8)
        #expect(s.endCurrent_A_m2 > 0)
    }

    @Test func modelRejectsBadInput() {
        var e = Self.electrolyte()
        #expect(throws: SimulationError.self) { try SymmetricCellModel(electrolyte: e, temperature_K: .nan) }
        #expect(throws: SimulationError.self) { try SymmetricCellModel(electrolyte: e, temperature_K: 300, saltModes: 0) }
        e.transferenceNumber = 0
        #expect(throws: SimulationError.self) { try SymmetricCellModel(electrolyte: e, temperature_K: 300) }
    }
}
