import Foundation
import Testing
@testable import CellTwin

/// The coordinates a prediction is banded in: round trips, domains, and bands mapped back in order.
@Suite struct BandCoordinateTests {
    static func band(_ value: Double, _ low: Double, _ high: Double) -> PredictionBand {
        PredictionBand(value: value, low: low, high: high, method: "linearised", driver: nil)
    }

    @Test("forward then inverse is the identity inside each domain; outside it is NaN")
    func roundTrips() {
        let cases: [(BandCoordinate, [Double])] = [(.identity, [-3, 0, 2.5]), (.logarithm, [1e-6, 1, 40]),
                                                   (.logOfComplement, [-1, 0.5, 0.999]), (.logit, [0.01, 0.5, 0.9])]
        for (c, ys) in cases {
            for y in ys { #expect(abs(c.inverse(c.forward(y)) - y) < 1e-12 * max(1, abs(y)), "\(c) at \(y)") }
        }
        #expect(BandCoordinate.logarithm.forward(0).isNaN && BandCoordinate.logOfComplement.forward(1).isNaN)
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
}
