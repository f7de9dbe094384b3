import Foundation
import Testing
@testable import CellTwin

/// Measurement scatter added to a parameter band in quadrature, in the coordinate the scatter is Gaussian in.
@Suite struct MeasurementScatterTests {
    static let z = 1.959963984540054

    static func band(_ value: Double, _ low: Double, _ high: Double) -> PredictionBand {
        PredictionBand(value: value, low: low, high: high, method: "linearised", driver: nil)
    }

    @Test("absolute scatter: each side becomes √(side² + (zσ)²)")
    func absoluteQuadrature() {
        let s = MeasurementScatter(form: .absolute(0.02), source: "test")
        let b = s.widening(Self.band(0.5, 0.45, 0.53))
        let e = Self.z * 0.02
        #expect(abs(b.low - (0.5 - (0.05 * 0.05 + e * e).squareRoot())) < 1e-12)
        #expect(abs(b.high - (0.5 + (0.03 * 0.03 + e * e).squareRoot())) < 1e-12)
        // A point prediction gets the scatter alone, ±zσ.
        let point = s.widening(Self.band(1, 1, 1))
        #expect(abs(point.high - 1 - e) < 1e-12 && abs(1 - point.low - e) < 1e-12)
    }

    @Test("logarithmic scatter widens ×/÷; relative scatter scales with the value; the 68 % level uses z = 1")
    func otherForms() {
        let log2 = MeasurementScatter(form: .logarithmic(log(2)), source: "test")
        let b = log2.widening(Self.band(100, 100, 100), level: 0.682689492137086)
        #expect(abs(b.low - 50) < 1e-6 && abs(b.high - 200) < 1e-6)
        let rel = MeasurementScatter(form: .relative(0.1), source: "test").widening(Self.band(-20, -20, -20))
        #expect(abs(rel.high + 20 - Self.z * 2) < 1e-9)
        // Outside the coordinate's domain the parameter band is kept.
        #expect(log2.widening(Self.band(-1, -2, 0)) == Self.band(-1, -2, 0))
    }

    @Test("every measurement kind has a scatter with a source; fractions are banded in logit, ×/÷ kinds in ln")
    func table() {
        for kind in Observations.standard.map(\.kind) {
            #expect(MeasurementScatter.table[kind]?.source.isEmpty == false, "\(kind)")
        }
        #expect(MeasurementScatter.table[.retention]?.prediction == .logit)
        #expect(MeasurementScatter.table[.conductivity]?.prediction == .logarithm)
        #expect(MeasurementScatter.table[.coulombicEfficiency]?.prediction == .logOfComplement)
        #expect(MeasurementScatter.table[.capacity]?.prediction == .identity)
        #expect(MeasurementScatter.table[.conductivity]!.coordinate(M_E) == 1)
    }
}
