import Foundation
import Testing
@testable import CellTwin

/// Each degradation and failure law against its closed form (DOMAIN B §4.5–4.6, §5.5–5.6).
@Suite struct SubmodelLawTests {
    let T = 298.15

    @Test func platingTheCriticalChargeAtTheCriticalCurrentBringsDamageToOne() {
        // dΦ/dq = f(J/J_c)/q_c, f(x) = 2xᵐ/(1 + xᵐ⁻¹): plating q_c at J_c gives Φ = 1, at J_c/2 it gives f(½).
        var e = Fixtures.simpleElectrolyte(tPlus: 1)
        e.shortLaw.criticalCurrent_A_m2 = 3
        e.shortLaw.criticalCharge_C_m2 = 36
        e.shortLaw.criticalExponent = 4
        let law = e.resolvedShortLaw(at: T)
        #expect(law.criterion == .measured && law.criticalCurrent_A_m2 == 3)
        let phiAtCritical = law.rate(current_A_m2: 3) * (36 / 3)
        #expect(abs(phiAtCritical - 1) < 1e-12)
        let phiAtHalf = law.rate(current_A_m2: 1.5) * (36 / 1.5)
        #expect(abs(phiAtHalf - 2 * pow(0.5, 4) / (1 + pow(0.5, 3))) < 1e-12)
        // The analytic derivative of the rate against a central difference, below and above J_c.
        for j in [2.0, 7.0] {
            let h = 1e-6
            let fd = (law.rate(current_A_m2: j + h) - law.rate(current_A_m2: j - h)) / (2 * h)
            #expect(abs(law.rateDerivative(current_A_m2: j) - fd) < 1e-6 * abs(fd))
        }
    }

    @Test func chargeToShortFallsAsOneOverCurrentAboveTheCriticalCurrent() {
        // Far above J_c the charge to a short is Sand-like, C_d = q_c/f(x) → q_c/(2x) (DOMAIN B §4.5 item 3), not
        // an instant: doubling J halves C_d, and 10·J_c still needs q_c/20 of plating.
        var e = Fixtures.simpleElectrolyte(tPlus: 1)
        e.shortLaw.criticalCurrent_A_m2 = 2
        e.shortLaw.criticalCharge_C_m2 = 3600
        e.shortLaw.criticalExponent = 8
        e.shortLaw.referenceTime_s = .infinity
        let law = e.resolvedShortLaw(at: T)
        func chargeToShort(_ j: Double) -> Double { 1 / law.damagePerCharge(current_A_m2: j) }
        #expect(abs(chargeToShort(40) / chargeToShort(80) - 2) < 1e-3)
        #expect(abs(chargeToShort(20) / (3600 / 20) - 1) < 0.02)
        // Below J_c it rises as x⁻ᵐ: a cell at J_c/2 needs about 2⁷ q_c.
        #expect(abs(chargeToShort(1) / 3600 - (1 + pow(0.5, 7)) / (2 * pow(0.5, 8))) < 1e-9 * chargeToShort(1))
        // A step test's ramp without voids against the closed form (q/ΔJ)∫₀ᴶ f(J′/J_c)/q_c dJ′ + ½q·f(J/J_c)/q_c with
        // m = 1, f(x) = x.
        e.shortLaw.criticalExponent = 1
        e.voidLaw.voidCharge_C_m2 = .infinity
        let linear = e.resolvedShortLaw(at: T)
        let q = 9.0, step = 0.5
        let expected = q / step * (1.0 / 3600) * 6 * 6 / (2 * 2) + 0.5 * q * (6.0 / 2) / 3600
        #expect(abs(e.stepTestDamage(upTo: 6, step: step, halfCycleCharge: q, temperature_K: T, law: linear) / expected - 1) < 1e-9)
    }

    @Test func theLowestCriterionSetsTheCriticalCurrentAndIsNamed() {
        // Transport: J_lim = 2F D c₀/((1 − t₊)L); interface: κ·J_strip,c (DOMAIN B §4.4, §4.6).
        let binary = Fixtures.simpleElectrolyte(tPlus: 0.2, diffusivity: 1e-13)
        let jLim = 2 * Physical.faraday * 1e-13 * 1000 / (0.8 * 50e-6)
        let c1 = CriticalCurrent.evaluate(binary, temperature_K: T)
        #expect(abs(c1.candidates[.transport]! - jLim) < 1e-9 * jLim)
        #expect(jLim < c1.candidates[.interface]! && c1.criterion == .transport && abs(c1.current_A_m2 / jLim - 1) < 1e-12)
        let stripping = binary.voidLaw.criticalStrippingCurrent.value(at: T)
        #expect(c1.strippingCurrent_A_m2 == stripping)
        #expect(abs(c1.candidates[.interface]! - binary.voidLaw.platingCriticalRatio * stripping) < 1e-12 * stripping)
        // A single-ion conductor has no transport limit: its critical current is interfacial.
        let single = Fixtures.simpleElectrolyte(tPlus: 1)
        let c2 = CriticalCurrent.evaluate(single, temperature_K: T)
        #expect(c2.criterion == .interface && c2.candidates[.transport] == .infinity)
        // A measured CCD overrides both.
        var measured = binary
        measured.shortLaw.criticalCurrent_A_m2 = 2.5
        #expect(CriticalCurrent.evaluate(measured, temperature_K: T).criterion == .measured)
    }

    @Test func sandCurrentOfAHalfCycleInvertsSandsTime() {
        // t_s(J_s(q)) = q/J_s(q): the half-cycle that just depletes the surface (DOMAIN B §4.1).
        let e = Fixtures.simpleElectrolyte(tPlus: 0.3)
        let q = 9.0
        let j = CriticalCurrent.sandCurrent(e, temperature_K: T, halfCycleCharge_C_m2: q)
        let ts = e.sandTime_s(current_A_m2: j, temperature_K: T)
        #expect(abs(ts - q / j) < 1e-9 * ts)
    }

    @Test func voidsGrowAsTheClosedFormOfStrippedCharge() {
        // dv/dq = (J/J_c)ᵖ(1 − v)/q_v at constant J ⇒ v(q) = 1 − exp(−(q/q_v)(J/J_c)ᵖ).
        let law = LithiumVoidLaw(criticalStrippingCurrent: Arrhenius(referenceValue: 10, activationEnergy_J_mol: 0),
                                 voidCharge_C_m2: 360, exponent: 4).resolved(at: T)
        let j = 12.0, dt = 1.0
        var v = 0.0, t = 0.0
        // RK4 on dv/dt.
        while t < 3600 {
            func f(_ v: Double) -> Double { law.rate(strippingCurrent_A_m2: j, voidFraction: v) }
            let k1 = f(v), k2 = f(v + 0.5 * dt * k1), k3 = f(v + 0.5 * dt * k2), k4 = f(v + dt * k3)
            v += dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
            t += dt
        }
        let exact = 1 - exp(-(j * 3600 / 360) * pow(1.2, 4))
        #expect(abs(v - exact) < 1e-9)
        #expect(law.rate(strippingCurrent_A_m2: -1, voidFraction: 0) == 0)
    }

    @Test func platingFillsVoidsAndCyclingSettlesAtTheClosedForm() {
        // Plating: dv/dq = −v/q_v ⇒ v(q) = v₀·exp(−q/q_v). Alternating equal charges at J settle at v* = xᵖ/(1 + xᵖ).
        let void = LithiumVoidLaw(criticalStrippingCurrent: Arrhenius(referenceValue: 10, activationEnergy_J_mol: 0),
                                  voidCharge_C_m2: 360, exponent: 4)
        let law = void.resolved(at: T)
        let j = 12.0, dt = 0.05
        func advance(_ v0: Double, current: Double, seconds: Double) -> Double {
            var v = v0, t = 0.0
            while t < seconds - 1e-9 {
                func f(_ v: Double) -> Double { law.rate(strippingCurrent_A_m2: current, voidFraction: v) }
                let k1 = f(v), k2 = f(v + 0.5 * dt * k1), k3 = f(v + 0.5 * dt * k2), k4 = f(v + dt * k3)
                v += dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
                t += dt
            }
            return v
        }
        let filled = advance(0.6, current: -j, seconds: 30)
        #expect(abs(filled - 0.6 * exp(-j * 30 / 360)) < 1e-9)
        // Many short half-cycles (1 C m⁻² each, q/q_v ≪ 1) approach the settled fraction: each cycle relaxes the
        // distance to it by (q/q_v)(1 + xᵖ) ≈ 0.85 %, so 1500 cycles leave e⁻¹³ of it.
        var v = 0.0
        for _ in 0..<1500 {
            v = advance(v, current: j, seconds: 1 / j)
            v = advance(v, current: -j, seconds: 1 / j)
        }
        let settled = void.settledVoidFraction(strippingCurrent_A_m2: j, temperature_K: T)
        #expect(abs(settled - pow(1.2, 4) / (1 + pow(1.2, 4))) < 1e-12)
        #expect(abs(v - settled) < 0.01, "v after 400 cycles \(v), settled \(settled)")
        // The analytic partials against central differences.
        for (current, fraction) in [(12.0, 0.3), (-12.0, 0.3)] {
            let p = law.partials(strippingCurrent_A_m2: current, voidFraction: fraction)
            let h = 1e-6
            let dJ = (law.rate(strippingCurrent_A_m2: current + h, voidFraction: fraction)
                - law.rate(strippingCurrent_A_m2: current - h, voidFraction: fraction)) / (2 * h)
            let dv = (law.rate(strippingCurrent_A_m2: current, voidFraction: fraction + h)
                - law.rate(strippingCurrent_A_m2: current, voidFraction: fraction - h)) / (2 * h)
            #expect(abs(p.current - dJ) < 1e-6 * max(abs(dJ), 1e-12))
            #expect(abs(p.void - dv) < 1e-6 * max(abs(dv), 1e-12))
        }
    }

    @Test func tafelOxidationCurrentPassivatesAndDefinesTheWindow() {
        // i_ox = i_th·exp((φ − V_ox)/V_s)/(1 + Q/q_p): i_th at V_ox, ×10 one Tafel slope b = V_s·ln 10 above.
        var aging = AgingParameters()
        aging.ceiVoltageScale_V = 0.05
        aging.ceiRate_ohm_m2_s = 1e-8
        let law = OxidationLaw(onsetCurrent_A_m2: 0.05, passivationCharge_C_m2: 0.18)
            .resolved(at: T, oxidationLimit_V: 4.2, aging: aging, enabled: true)
        #expect(abs(law.current(cathodePotential_V: 4.2, oxidationCharge_C_m2: 0) - 0.05) < 1e-15)
        let b = 0.05 * log(10.0)
        #expect(abs(law.current(cathodePotential_V: 4.2 + b, oxidationCharge_C_m2: 0) / 0.05 - 10) < 1e-9)
        #expect(abs(law.current(cathodePotential_V: 4.2, oxidationCharge_C_m2: 0.18) - 0.025) < 1e-15)
        // The simulated stability window at the threshold i_th is V_ox; ten times the threshold lies b higher.
        #expect(abs(OxidationLaw.stabilityWindow(law, threshold_A_m2: 0.05)! - 4.2) < 1e-12)
        #expect(abs(OxidationLaw.stabilityWindow(law, threshold_A_m2: 0.5)! - (4.2 + b)) < 1e-12)
        // ρ_CEI = k_CEI/i_th: a fresh cathode at V_ox grows its CEI at k_CEI.
        #expect(abs(law.filmPerCharge_ohm_m2_per_C_m2 * 0.05 - 1e-8) < 1e-20)
    }

    @Test func lithiumLossRisesWithCurrentAndSplitsDeadLiAndSEIInTemperature() {
        var a = AgingParameters(referenceTemperature_K: 298.15, lithiumInefficiency: 1e-3,
                                lithiumLossActivationEnergy_J_mol: 30_000)
        a.currentReference_A_m2 = 1
        a.lithiumLossCurrentExponent = 1
        a.deadLithiumFraction = 0.7
        a.deadLithiumActivationEnergy_J_mol = -20_000
        let ref = LithiumLossLaw(aging: a, temperature_K: 298.15)
        #expect(abs(ref.lithiumInefficiency(platingCurrent_A_m2: 1) - 1e-3) < 1e-15)
        #expect(abs(ref.lithiumInefficiency(platingCurrent_A_m2: 2) - 2e-3) < 1e-15)
        // Cold: the dead-Li part (negative activation energy) grows, the SEI part shrinks.
        let cold = LithiumLossLaw(aging: a, temperature_K: 273.15)
        let dead = 0.7 * exp(20_000 / Physical.gas * (1 / 273.15 - 1 / 298.15))
        let sei = 0.3 * exp(-30_000 / Physical.gas * (1 / 273.15 - 1 / 298.15))
        #expect(abs(cold.lithiumInefficiency(platingCurrent_A_m2: 1) - 1e-3 * (dead + sei)) < 1e-15)
        #expect(dead > 0.7 && sei < 0.3)
    }

    @Test func contactLossPerCycleScalesWithCRate() {
        // dLAM/dt = k(|J|/J_1C)^r·|J|/Q₀: one cycle (2·Q₀ of throughput) at 1C loses 2k, at 0.25C 2k·0.25^r.
        let q0 = 12.0
        let law = ActiveMaterialLossLaw(cathodeLoss: 0, contactLoss: 1e-4, rateExponent: 0.5, nominalCapacity_C_m2: q0)
        func perCycle(_ c: Double) -> Double {
            let j = c * q0 / 3600
            return law.rate(current_A_m2: j) * (2 * q0 / j)
        }
        #expect(abs(perCycle(1) - 2e-4) < 1e-15)
        #expect(abs(perCycle(0.25) - 2e-4 * 0.5) < 1e-15)
    }
}
