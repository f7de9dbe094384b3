import Foundation
import Testing
@testable import CellTwin

/// The record of `celltwin eis`: a Li | E | Li cell of 50 µm at 0.1 S/m over 2 cm² has a bulk resistance of
/// L/(σA) = 2.5 Ω; each component's area-specific resistance is its resistance times the area; each spectrum point's
/// modulus and phase follow from its real and imaginary parts.
@Suite struct EisRecordsTests {
    @Test func aSymmetricCellsRecord() throws {
        var assumptions = ImpedanceAssumptions()
        assumptions.electrodeArea_m2 = 2e-4
        let model = try CellImpedanceModel.symmetric(electrolyte: Fixtures.simpleElectrolyte(), temperature_K: 298.15,
                                                     assumptions: assumptions)
        let report = EisSimulationReport(model: model, electrolyte: "SIMPLE", cathode: nil, temperature_C: 25, soc: nil,
                                         title: "Li | SIMPLE | Li at 25 °C")
        let r = report.record
        #expect(r.cell == "symmetric" && r.electrolyte == "SIMPLE" && r.cathode == nil && r.electrode_area_cm2 == 2)
        #expect(abs(r.bulk_resistance_ohm - 50e-6 / (0.1 * 2e-4)) < 1e-9, "\(r.bulk_resistance_ohm) Ω")
        #expect(!r.components.isEmpty)
        for c in r.components { #expect(abs(c.resistance_ohm_cm2 - 2 * c.resistance_ohm) < 1e-12 * max(1, c.resistance_ohm), "\(c.name)") }
        #expect(!r.spectrum.isEmpty)
        for p in r.spectrum {
            #expect(abs(p.Z_abs_ohm - hypot(p.Z_re_ohm, p.Z_im_ohm)) < 1e-9 * p.Z_abs_ohm)
            #expect(abs(p.phase_deg - atan2(p.Z_im_ohm, p.Z_re_ohm) * 180 / .pi) < 1e-9)
        }
        #expect(try report.files().map(\.name) == ["spectrum.csv", "spectrum.json", "nyquist.svg", "bode.svg"])
        #expect(EisReport.number(1234.5678) == "1235" && EisReport.number(.nan) == "–" && EisReport.number(0.5, 2) == "0.5")
    }
}
