import Foundation
import Testing
@testable import CellTwin

/// Parameter uncertainty: a fit covariance moved to transform coordinates, priors added, moves within domains.
@Suite struct ParameterUncertaintyTests {
    @Test("log keys: Σ_T = DΣD with D = 1/value; Birge scaling by χ²/dof above 1; NaN variances are undetermined")
    func fromFit() {
        let u = ParameterUncertainty.fromFit(keys: ["a", "b", "c"], values: [2, 10, 1], transforms: [.log, .linear, .log],
                                             covariance: [[0.04, 0.1, 0], [0.1, 4, 0], [0, 0, .nan]],
                                             chiSquare: 30, degreesOfFreedom: 10)
        #expect(u.parameters.map(\.key) == ["a", "b"] && u.undetermined == ["c"])
        // Var(ln a) = 0.04/4 = 0.01, ×3; Cov(ln a, b) = 0.1/2, ×3; Var(b) = 4, ×3.
        #expect(abs(u.covariance[0][0] - 0.03) < 1e-15 && abs(u.covariance[0][1] - 0.15) < 1e-15 && abs(u.covariance[1][1] - 12) < 1e-12)
        #expect(abs(u.standardDeviations[1] - 12.0.squareRoot()) < 1e-12)
        // A fit whose residuals scatter less than their tolerances is not narrowed.
        let tight = ParameterUncertainty.fromFit(keys: ["b"], values: [10], transforms: [.linear], covariance: [[4]],
                                                 chiSquare: 1, degreesOfFreedom: 10)
        #expect(tight.covariance == [[4]])
        // A covariance of the wrong size determines nothing.
        #expect(ParameterUncertainty.fromFit(keys: ["a"], values: [1], transforms: [.log], covariance: [], chiSquare: 0,
                                             degreesOfFreedom: 0).undetermined == ["a"])
    }

    @Test("priors join as a block: lognormal spread f is ln f in ln space, normal spread in the key's unit")
    func addingPriors() throws {
        let e = try Fixtures.models.electrolyte("CPCSE")
        let base = ParameterUncertainty.fromFit(keys: ["conductivity.sigma_S_cm"], values: [1e-3], transforms: [.log],
                                                covariance: [[1e-8]], chiSquare: 0, degreesOfFreedom: 0)
        let u = base.addingPriors(["conductivity.sigma_S_cm": ParameterPrior(kind: .lognormal, spread: 9),
                                   "transport.transference_number": ParameterPrior(kind: .normal, spread: 0.05),
                                   "conductivity.activation_energy_kJ_mol": ParameterPrior(kind: .lognormal, spread: 2)], electrolyte: e)
        // The fitted key keeps its fit variance; the others come in sorted order with zero cross terms.
        #expect(u.parameters.map(\.key) == ["conductivity.sigma_S_cm", "conductivity.activation_energy_kJ_mol", "transport.transference_number"])
        #expect(u.parameters.map(\.origin) == [.fit, .prior, .prior] && u.parameters.map(\.transform) == [.log, .log, .linear])
        #expect(abs(u.covariance[1][1] - log(2) * log(2)) < 1e-15 && abs(u.covariance[2][2] - 0.0025) < 1e-15)
        #expect(u.covariance[0][1] == 0 && u.covariance[1][2] == 0 && u.covariance[2][0] == 0)
        #expect(abs(u.covariance[0][0] - 1e-8 / 1e-6) < 1e-15)
    }

    @Test("moving a parameter: ×e^offset for log keys, +offset for linear ones, halved back into the key's domain")
    func movedElectrolyte() throws {
        let e = try Fixtures.models.electrolyte("CPCSE")
        let t = e.transferenceNumber
        let u = ParameterUncertainty(parameters: [
            UncertainParameter(key: "transport.transference_number", value: t, transform: .linear, origin: .prior),
        ], covariance: [[0.01]])
        let up = u.electrolyte(e, offset: [0.01])
        #expect(abs(up.transferenceNumber - (t + 0.01)) < 1e-12)
        // t₊ + 4 lies outside (0, 1]: the move is halved until it lands inside.
        let far = u.electrolyte(e, offset: [4]).transferenceNumber
        #expect(far > t && far <= 1)
        #expect(u.filtered { $0.origin == .fit }.isEmpty && u.filtered { _ in true }.count == 1)
    }
}
