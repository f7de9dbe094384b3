import Foundation
import Testing
@testable import CellTwin

/// Impedance rows of a `[[spectrum]]` table: Re Z and Im Z at a frequency, scaled by the measured |Z| there.
@Suite struct ImpedanceObservationTests {
    /// Rows of one spectrum point (same file, line and frequency) with the given parts.
    static func rows(re: Double?, im: Double?, frequency: Double? = 1000, unit: String = "ohm") throws -> [MeasurementRow] {
        var lines: [String] = []
        if let re { lines.append(FitFixtures.row("CPCSE", SpectrumSource.kind, t: 25, quantity: SpectrumSource.realQuantity, value: re, unit: unit)) }
        if let im { lines.append(FitFixtures.row("CPCSE", SpectrumSource.kind, t: 25, quantity: SpectrumSource.imaginaryQuantity, value: im, unit: unit)) }
        let text = ([FitFixtures.header] + lines).joined(separator: "\n") + "\n"
        return try MeasurementTable.parse(text: text, path: "eis.csv").map { r in
            var r = r
            r.line = 7
            r.frequency_Hz = frequency
            return r
        }
    }

    static func build(_ rows: [MeasurementRow]) -> (points: [FitPoint], unfitted: [UnfittedRow]) {
        FitPointBuilder.build(rows: rows, setup: FitSetup(evaluating: "CPCSE", defaultTemperature_C: nil))
    }

    @Test("both parts at one frequency are points carrying |Z| of the pair")
    func pairsCarryTheirModulus() throws {
        let b = Self.build(try Self.rows(re: 3, im: -4))
        #expect(b.points.count == 2 && b.unfitted.isEmpty)
        #expect(b.points.allSatisfy { $0.kind == .impedance && $0.modulus_ohm == 5 })
        #expect(b.points.map(\.measured) == [3, -4])
    }

    @Test("a part without its partner, without a frequency or in another unit is refused with the reason")
    func refusals() throws {
        #expect(Self.build(try Self.rows(re: 3, im: nil)).unfitted.first?.reason == "no Z_real and Z_imag pair at this frequency (|Z| scales the residual)")
        #expect(Self.build(try Self.rows(re: 3, im: -4, frequency: nil)).unfitted.first?.reason == "no frequency (impedance rows come from [[spectrum]] tables)")
        #expect(Self.build(try Self.rows(re: 3, im: -4, unit: "kohm")).unfitted.first?.reason.contains("is not Z_real or Z_imag in ohm") == true)
    }

    @Test("residual and validation error in units of 2 % of the measured |Z|, for either part")
    func residualScale() throws {
        let p = Self.build(try Self.rows(re: 3, im: -4)).points
        let re = p[0], im = p[1]
        #expect(abs(re.observation.residual(re, model: 3.1) - 1) < 1e-12)
        #expect(abs(im.observation.residual(im, model: -4.2) + 2) < 1e-12)
        let c = im.observation.compare(im, predicted: -4.05)
        #expect(c.within && abs(c.error + 0.01) < 1e-12 && c.errorText == "-1.0 % of |Z|")
        #expect(!re.observation.compare(re, predicted: 3.11).within)
    }
}
