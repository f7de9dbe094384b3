import Foundation
import Testing
@testable import CellTwin

/// The short-damage law (``ShortLaw``), the critical current that sets it (``CriticalCurrent``) and the interface's
/// voids (``LithiumVoidLaw``) against their closed forms (DOMAIN B §4.1, §4.5–4.6).
@Suite struct ShortDamageTests {
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

    @Test func theSuperlinearTermAboveTheCriticalCurrentIsSandLike() {
        // Above J_c, dΦ/dq = f(x)/q_c with f(x) = 2x⁴/(1 + x³) (m = 4): by hand at x = 4, f = 512/65 = 7.8769…, and
        // the cumulative term a·Jⁿ (n = 2) adds to the rate; a disabled law writes nothing and adds no Sand damage.
        let law = ShortLaw.Resolved(cumulativeCoefficient: 1e-6, exponent: 2, inverseCriticalCharge: 1 / 36.0,
                                    criticalExponent: 4, criticalCurrent_A_m2: 3, criterion: .measured, sandDamage: 0.05)
        let rate = law.rate(current_A_m2: 12)
        let expected = 1e-6 * 144 + 12 / 36.0 * 512.0 / 65
        #expect(abs(rate - expected) <= 1e-13 * expected, "\(rate) vs \(expected)")
        #expect(law.rate(current_A_m2: -12) == rate && law.rateDerivative(current_A_m2: -12) == -law.rateDerivative(current_A_m2: 12))
        #expect(abs(law.damagePerCharge(current_A_m2: 12) - rate / 12) <= 1e-15)
        let off = law.disabled
        #expect(off.rate(current_A_m2: 12) == 0 && off.sandDamage == 0 && off.criticalCurrent_A_m2 == 3)
    }

    @Test func theDamageRateIsTheClosedFormAndOffWithoutShortDamage() {
        var e = Fixtures.simpleElectrolyte(tPlus: 1)
        e.shortLaw.criticalCurrent_A_m2 = 3
        e.shortLaw.criticalCharge_C_m2 = 36
        e.shortLaw.referenceTime_s = 3600
        // At J = 2·J_c = J_ref·6: 6²/(τ_ref·1²) + (6/36)·f(2), f(2) = 2·2⁸/(1 + 2⁷) = 512/129 (m = 8).
        let expected = 36.0 / 3600 + 6.0 / 36 * 512 / 129
        #expect(abs(e.damageRate(current_A_m2: 6, temperature_K: T) - expected) <= 1e-12 * expected)
        #expect(e.withoutShortDamage.damageRate(current_A_m2: 6, temperature_K: T) == 0)
        // A measured J_c follows its Arrhenius law: E_a = 20 kJ/mol, 20 K warmer.
        e.shortLaw.criticalCurrentActivationEnergy_J_mol = 20_000
        let warm = CriticalCurrent.evaluate(e, temperature_K: e.shortLaw.referenceTemperature_K + 20)
        let measured = 3 * exp(-20_000 / Physical.gas * (1 / (e.shortLaw.referenceTemperature_K + 20) - 1 / e.shortLaw.referenceTemperature_K))
        #expect(warm.criterion == .measured && abs(warm.current_A_m2 - measured) <= 1e-12 * measured)
    }
}
