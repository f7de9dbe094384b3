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

    @Test("every measurement kind has a scatter with a source; fractions are banded in logit, ×/÷ kinds and capacities in ln")
    func table() {
        for kind in Observations.standard.map(\.kind) {
            #expect(MeasurementScatter.table[kind]?.source.isEmpty == false, "\(kind)")
        }
        #expect(MeasurementScatter.table[.retention]?.prediction == .logit)
        #expect(MeasurementScatter.table[.conductivity]?.prediction == .logarithm)
        #expect(MeasurementScatter.table[.coulombicEfficiency]?.prediction == .logOfComplement)
        #expect(MeasurementScatter.table[.capacity]?.prediction == .logarithm)
        #expect(abs(MeasurementScatter.table[.conductivity]!.coordinate(M_E) - 1) < 1e-15)
    }

    /// Scatter forms: a relative scatter on a zero-width band gives ±1.96·r·value; a ×/÷ scatter widens in ln and
    /// keeps an infinite end infinite; 1 − CE scatters ×/÷ and the band stays below 1.
    @Test func measurementScatterWidensInItsOwnCoordinate() throws {
        let z = 1.959963984540054
        let point = PredictionBand(value: 150, low: 150, high: 150, method: "linearised", driver: nil)
        let rel = MeasurementScatter(form: .relative(0.05), source: "test").widening(point)
        #expect(abs(rel.low - 150 * (1 - 0.05 * z)) < 1e-9 && abs(rel.high - 150 * (1 + 0.05 * z)) < 1e-9)
        let censored = PredictionBand(value: 100, low: 50, high: .infinity, method: "sampled", driver: nil)
        let log2 = MeasurementScatter(form: .logarithmic(log(2)), source: "test").widening(censored)
        #expect(log2.high == .infinity)
        #expect(abs(log(100 / log2.low) - (log(2) * log(2) + pow(z * log(2), 2)).squareRoot()) < 1e-9)
        let ce = MeasurementScatter(form: .logOfComplement(log(1.2)), source: "test")
            .widening(PredictionBand(value: 0.995, low: 0.995, high: 0.995, method: "linearised", driver: nil))
        #expect(abs((1 - ce.low) / 0.005 - pow(1.2, z)) < 1e-9 && abs(0.005 / (1 - ce.high) - pow(1.2, z)) < 1e-9)
        #expect(ce.high < 1)
        // A retention's 3-point scatter is added in y: above 100 % a measurement may lie, below 0 % none can.
        let retention = try #require(MeasurementScatter.table[.retention])
        let nearZero = retention.widening(PredictionBand(value: 0.02, low: 0.01, high: 0.04, method: "linearised", driver: nil))
        #expect(nearZero.low == 0 && abs(nearZero.high - (0.02 + (0.02 * 0.02 + pow(z * 0.03, 2)).squareRoot())) < 1e-9)
        let nearOne = retention.widening(PredictionBand(value: 0.99, low: 0.98, high: 0.995, method: "linearised", driver: nil))
        #expect(nearOne.high > 1 && abs(nearOne.low - (0.99 - (0.01 * 0.01 + pow(z * 0.03, 2)).squareRoot())) < 1e-9)
        // Every kind a leave-condition-out can predict has a scatter with its source.
        for kind in LeaveConditionOut.groupedKinds { #expect(MeasurementScatter.table[kind] != nil, "\(kind)") }
    }

    /// A ×/÷-scattered kind is banded in ln y: a conductivity of 1e-4 S/cm with a ln-band of ±ln 10 comes back as
    /// 1e-5…1e-3 (positive, geometric about the value), where a band in σ itself of the same relative width would run
    /// below zero; a Coulombic efficiency's band in ln(1 − CE) comes back with its ends in order and below 1.
    @Test func logScatteredKindsAreBandedInTheirOwnCoordinate() throws {
        let sigma = try #require(MeasurementScatter.table[.conductivity])
        let t = sigma.coordinate(1e-4)
        let back = sigma.fromCoordinate(PredictionBand(value: t, low: t - log(10), high: t + log(10), method: "linearised", driver: nil))
        #expect(abs(back.value / 1e-4 - 1) < 1e-12 && abs(back.low / 1e-5 - 1) < 1e-12 && abs(back.high / 1e-3 - 1) < 1e-12)
        #expect(sigma.coordinate(-1).isNaN)
        let ce = try #require(MeasurementScatter.table[.coulombicEfficiency])
        let c = ce.coordinate(0.99)
        let ceBack = ce.fromCoordinate(PredictionBand(value: c, low: c - log(2), high: c + log(2), method: "linearised", driver: nil))
        #expect(abs(ceBack.low - 0.98) < 1e-12 && abs(ceBack.high - 0.995) < 1e-12 && ceBack.high < 1)
        let capacity = try #require(MeasurementScatter.table[.capacity])
        // A capacity (rate capability, capacity after N cycles) is banded in ln Q; no capacity is −∞ (the band's 0).
        #expect(capacity.coordinate(150) == log(150) && capacity.coordinate(0) == -.infinity)
        #expect(MeasurementScatter.table[.cycledCapacity]?.prediction == BandCoordinate.capacity)
    }
}
