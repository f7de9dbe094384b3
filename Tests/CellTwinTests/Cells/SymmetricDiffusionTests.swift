import Foundation
import Testing
@testable import CellTwin

/// Salt diffusion across the electrolyte in odd cosine modes: weights 8/(π²n²) and rates n²/τ, a lumped remainder
/// that keeps Δc_ss and the area of the step response exact, and the exact step response itself.
@Suite struct SymmetricDiffusionTests {
    /// The weights sum to 1 (Δc_ss = G·J exactly) and Σ wₖ/λₖ = τ·π²/12, the area ∫(1 − Δc/Δc_ss)dt of the exact
    /// response (τ(8/π²)Σ_{n odd} n⁻⁴ with Σ n⁻⁴ = π⁴/96).
    @Test(arguments: [1, 4, 20])
    func weightsAndAreaAreExactForAnyNumberOfModes(modes: Int) {
        let tau = 1000.0
        let m = SaltDiffusionModes(modes: modes, diffusionTime_s: tau)
        #expect(m.weights.count == modes + 1 && m.rates.count == modes + 1)
        #expect(abs(m.weights.reduce(0, +) - 1) < 1e-14)
        let area = zip(m.weights, m.rates).reduce(0) { $0 + $1.0 / $1.1 }
        #expect(abs(area / (tau * .pi * .pi / 12) - 1) < 1e-12, "\(modes) modes: \(area)")
        #expect(abs(m.weights[0] - 8 / (.pi * .pi)) < 1e-15 && m.rates[0] == 1 / tau)
        if modes > 1 { #expect(abs(m.weights[1] - 8 / (.pi * .pi * 9)) < 1e-15 && m.rates[1] == 9 / tau) }
    }

    /// 0 at the start, 1 at steady state, the √t form early (the two forms agree across the switch at 10⁻⁴τ), and
    /// rising in between.
    @Test func theExactStepResponse() {
        let tau = 100.0
        #expect(SaltDiffusionModes.seriesFraction(time_s: 0, diffusionTime_s: tau) == 0)
        #expect(SaltDiffusionModes.seriesFraction(time_s: -1, diffusionTime_s: tau) == 0)
        #expect(abs(SaltDiffusionModes.seriesFraction(time_s: 50 * tau, diffusionTime_s: tau) - 1) < 1e-15)
        // At t = τ: 1 − (8/π²)·e⁻¹ to three terms (e⁻⁹/9 ≈ 1.4e-5, e⁻²⁵/25 negligible).
        let atTau = 1 - 8 / (Double.pi * Double.pi) * (exp(-1) + exp(-9) / 9 + exp(-25) / 25)
        #expect(abs(SaltDiffusionModes.seriesFraction(time_s: tau, diffusionTime_s: tau) - atTau) < 1e-12)
        let t = 2e-4 * tau
        let series = SaltDiffusionModes.seriesFraction(time_s: t, diffusionTime_s: tau)
        let early = SaltDiffusionModes.earlyFraction(time_s: t, diffusionTime_s: tau)
        #expect(abs(series / early - 1) < 1e-6, "\(series) vs \(early)")
        let samples = stride(from: 0.001, through: 3, by: 0.05).map { SaltDiffusionModes.seriesFraction(time_s: $0 * tau, diffusionTime_s: tau) }
        #expect(zip(samples, samples.dropFirst()).allSatisfy { $0 < $1 })
    }

    /// The right-hand side's buffers: rates and gains λₖ·wₖ·G; without modes one unused zero.
    @Test func rightHandSideBuffers() {
        let m = SaltDiffusionModes(modes: 3, diffusionTime_s: 10)
        let (rates, gains) = SaltDiffusionModes.rhsBuffers(m, saltDifferencePerCurrent: 2)
        defer { rates.deallocate(); gains.deallocate() }
        for k in 0..<4 {
            #expect(rates[k] == m.rates[k])
            #expect(gains[k] == m.rates[k] * m.weights[k] * 2)
        }
        let (r0, g0) = SaltDiffusionModes.rhsBuffers(nil, saltDifferencePerCurrent: 2)
        defer { r0.deallocate(); g0.deallocate() }
        #expect(r0[0] == 0 && g0[0] == 0)
    }
}
