import Foundation
import Testing
@testable import CellTwin

/// The coordinates a prediction is banded in: round trips, domains, and bands mapped back in order.
@Suite struct BandCoordinateTests {
    static func band(_ value: Double, _ low: Double, _ high: Double) -> PredictionBand {
        PredictionBand(value: value, low: low, high: high, method: "linearised", driver: nil)
    }

    @Test("forward then inverse is the identity inside each domain; outside it is NaN; ln 0 is −∞")
    func roundTrips() {
        let cases: [(BandCoordinate, [Double])] = [(.identity, [-3, 0, 2.5]), (.logarithm, [1e-6, 1, 40]),
                                                   (.logOfComplement, [-1, 0.5, 0.999]), (.logit, [0.01, 0.5, 0.9])]
        for (c, ys) in cases {
            for y in ys { #expect(abs(c.inverse(c.forward(y)) - y) < 1e-12 * max(1, abs(y)), "\(c) at \(y)") }
        }
        #expect(BandCoordinate.logarithm.forward(-1).isNaN && BandCoordinate.logOfComplement.forward(1).isNaN)
        // No capacity is ln 0 = −∞, which comes back as a band end of exactly 0.
        #expect(BandCoordinate.logarithm.forward(0) == -.infinity && BandCoordinate.logarithm.inverse(-.infinity) == 0)
        #expect(BandCoordinate.logit.forward(.nan).isNaN)
        // The logit holds a fraction inside [m, 1 − m]: a retention of 1 has a finite coordinate, ln((1 − m)/m).
        let m = BandCoordinate.fractionMargin
        #expect(abs(BandCoordinate.logit.forward(1) - log((1 - m) / m)) < 1e-9 && BandCoordinate.logit.forward(1.2) == BandCoordinate.logit.forward(1))
        #expect(BandCoordinate.logit.inverse(.infinity) == .infinity && BandCoordinate.logit.inverse(0) == 0.5)
    }

    @Test("a band made in ln(1 − y) comes back with its ends swapped into order; infinite ends stay")
    func bandsBackInOrder() {
        let c = BandCoordinate.logOfComplement
        // CE = 0.99 ± a factor e on 1 − CE: ln(0.01) ± 1.
        let u = Self.band(log(0.01), log(0.01) - 1, log(0.01) + 1)
        let y = c.fromCoordinate(u)
        #expect(abs(y.value - 0.99) < 1e-12)
        #expect(abs(y.low - (1 - 0.01 * M_E)) < 1e-12 && abs(y.high - (1 - 0.01 / M_E)) < 1e-12)
        #expect(y.low < y.value && y.value < y.high)
        let logit = BandCoordinate.logit.fromCoordinate(Self.band(0, -1, .infinity))
        #expect(logit.high == .infinity && abs(logit.low - 1 / (1 + M_E)) < 1e-12)
        // A value given in y is kept inside the band.
        let kept = BandCoordinate.logit.fromCoordinate(Self.band(0, -1, 1), value: 0.2)
        #expect(kept.value == 0.2 && kept.low == 0.2)
        #expect(BandCoordinate.identity.fromCoordinate(Self.band(1, 0, 2)) == Self.band(1, 0, 2))
    }

    /// A retention is banded in logit y (``BandCoordinate``): with the capacity lost ×/÷ uncertain (a fitted fade rate,
    /// log-normal with σ = 0.5), the linearised band near 1 (loss 2 %) and near 0 (1 % left) stays inside (0, 1), is
    /// asymmetric, and matches the exact 2.5–97.5 % quantiles within 0.2 points, where the band made in y itself
    /// passes 100 % and 0 %; at 0.5 (an output linear in z) it equals the band made in y to first order.
    @Test func retentionBandsStayInsideZeroAndOne() throws {
        let sd = 0.5
        let u = ParameterUncertainty(parameters: [UncertainParameter(key: "aging.contact_loss_per_cycle", value: 1e-4,
                                                                     transform: .log, origin: .fit)],
                                     covariance: [[sd * sd]])
        let coordinate = LifeBands.retentionCoordinate
        var o = BandOptions()
        o.method = .linearised
        o.workers = 1
        func bands(_ y: @escaping @Sendable (Double) -> Double) throws -> (logit: PredictionBand, linear: PredictionBand) {
            let inLogit = try BandEstimator.run(u, options: o) { z in [coordinate.forward(y(z[0]))] }.bands[0]
            let linear = try BandEstimator.run(u, options: o) { z in [y(z[0])] }.bands[0]
            return (coordinate.fromCoordinate(inLogit, value: y(0)), linear)
        }
        let z95 = 1.959963984540054
        // Near 1: 2 % lost, the loss ×/÷ e^0.5 per standard deviation.
        let high = try bands { z in 1 - 0.02 * exp(z) }
        #expect(high.linear.high > 1, "the band in y passes 100 %: \(high.linear.high)")
        #expect(high.logit.low > 0 && high.logit.high < 1)
        #expect(high.logit.high - high.logit.value < high.logit.value - high.logit.low, "asymmetric: shorter towards 1")
        #expect(abs(high.logit.low - (1 - 0.02 * exp(z95 * sd))) < 2e-3 && abs(high.logit.high - (1 - 0.02 * exp(-z95 * sd))) < 2e-3,
                "band \(high.logit.low)–\(high.logit.high)")
        // Near 0: 1 % left, ×/÷ e^0.75.
        let low = try bands { z in 0.01 * exp(-1.5 * z) }
        #expect(low.linear.low < 0, "the band in y passes 0 %: \(low.linear.low)")
        #expect(low.logit.low > 0 && low.logit.high < 1)
        #expect(abs(low.logit.low - 0.01 * exp(-1.5 * z95 * sd)) < 2e-3 && abs(low.logit.high - 0.01 * exp(1.5 * z95 * sd)) < 2e-3,
                "band \(low.logit.low)–\(low.logit.high)")
        // At 0.5, linear in z with a small slope: the two bands agree to first order in the half-width (here 1 %).
        let mid = try bands { z in 0.5 - 0.01 * z }
        #expect(abs(mid.logit.halfWidth / mid.linear.halfWidth - 1) < 0.01,
                "half-widths \(mid.logit.halfWidth), \(mid.linear.halfWidth)")
        #expect(abs(mid.logit.low - mid.linear.low) < 1e-3 && abs(mid.logit.high - mid.linear.high) < 1e-3)
        // A retention of exactly 1 (the reference cycle) has a finite coordinate, and a band of zero width there
        // comes back as [1, 1].
        #expect(coordinate.forward(1).isFinite && coordinate.forward(1.0001).isFinite)
        let reference = try BandEstimator.run(u, options: o) { _ in [coordinate.forward(1)] }.bands[0]
        let back = coordinate.fromCoordinate(reference, value: 1)
        #expect(back.value == 1 && back.high == 1 && back.low > 1 - 2 * BandCoordinate.fractionMargin)
        // A leave-condition-out retention or t₊ row uses the same coordinate for the parameters' band.
        #expect(MeasurementScatter.table[.retention]?.prediction == .logit)
        #expect(MeasurementScatter.table[.transference]?.prediction == .logit)
        // A sweep point's final retention comes back the same way.
        let set = BandSet(bands: [PredictionBand(value: log(150), low: log(140), high: log(160), method: "linearised", driver: nil),
                                  PredictionBand(value: coordinate.forward(0.98), low: coordinate.forward(0.98) - 1,
                                                 high: coordinate.forward(0.98) + 1, method: "linearised", driver: nil),
                                  PredictionBand(value: .infinity, low: .infinity, high: .infinity, method: "linearised", driver: nil)],
                          method: "linearised", runs: 2, seed: 1, elapsed_s: 0)
        let point = SweepBands.pointBand(set, capacity: 150, finalRetention: 0.98)
        #expect(point.finalRetention.value == 0.98 && point.finalRetention.high < 1 && point.finalRetention.low > 0.9)
        #expect(abs(point.capacity_mAh_g.low - 140) < 1e-9 && abs(point.capacity_mAh_g.high - 160) < 1e-9)
        // A capacity band is made in ln y: ±2 in ln Q about 20 mAh/g is 2.7–148 mAh/g, above zero and asymmetric.
        var cold = set
        cold.bands[0] = PredictionBand(value: log(20), low: log(20) - 2, high: log(20) + 2, method: "linearised", driver: nil)
        let c = SweepBands.pointBand(cold, capacity: 20, finalRetention: 0.98).capacity_mAh_g
        #expect(abs(c.low - 20 * exp(-2)) < 1e-9 && abs(c.high - 20 * exp(2)) < 1e-9)
    }
}
