import Foundation
import Testing
@testable import CellTwin

/// Spherical solid diffusion in modes: the eigenvalues are the roots of tan λ = λ on their branches, and with the
/// lumped remainder the steady surface offset is τ/15·dx̄/dt for any number of modes (Σ 1/λₖ² = 1/10).
@Suite struct SolidDiffusionTests {
    @Test func eigenvaluesAreTheRootsOnTheirBranches() {
        for (k, l) in SolidDiffusionModes.eigenvalues.enumerated() {
            let branch = Double(k + 1)
            #expect(l > branch * .pi && l < (branch + 0.5) * .pi, "λ\(k + 1) = \(l)")
            #expect(abs(l * cos(l) - sin(l)) < 1e-12 * l, "λ\(k + 1)")
        }
    }

    /// Steady modes uₖ = (2/3)(τ/λₖ²)·dx̄/dt; with the remainder r the offset x_s − x̄ = Σuₖ + r equals τ/15 (per unit
    /// dx̄/dt).
    @Test(arguments: [1, 2, 4, 12])
    func theSteadyOffsetIsTauOver15(modes: Int) {
        let tau = 250.0
        let m = SolidDiffusionModes(modes: modes, diffusionTime_s: tau)
        #expect(m.count == modes && m.decayRates.count == modes)
        let steady = m.decayRates.reduce(0) { $0 + (2.0 / 3.0) / $1 } + m.remainderTime_s
        #expect(abs(steady - tau / 15) < 1e-12 * tau, "\(modes) modes: \(steady) vs \(tau / 15)")
        #expect(m.remainderTime_s > 0 && abs(m.decayRates[0] - pow(SolidDiffusionModes.eigenvalues[0], 2) / tau) < 1e-15)
    }
}
