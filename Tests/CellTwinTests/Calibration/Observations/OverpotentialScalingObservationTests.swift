import Foundation
import Testing
@testable import CellTwin

/// The overpotential-scaling row: which rows it takes, the IR drop and plateau half-gap against analytic cells, and
/// the lines through a shipped twin's test.
@Suite struct OverpotentialScalingObservationTests {
    static let header = FitFixtures.header

    /// A table with the study's full-cell rows at `temperatures` and one scaling row with `value`.
    static func table(temperatures: [Double], value: String = "linear", quantity: String = "ir_drop_vs_resistivity") throws -> [MeasurementRow] {
        var rows = temperatures.map { FitFixtures.row("CPCSE", "rate_capability", t: $0, cathode: "LFP", cRate: 0.2, quantity: "discharge_capacity",
                                                      value: 150, unit: "mAh/g") }
        rows.append(["synthetic", "CPCSE", "overpotential_scaling", "LFP", "", "0.2", "", "", "", "", quantity, value, "", "=", "\"shape\""]
            .joined(separator: ","))
        rows.append(FitFixtures.row("CPCSE", "rate_capability", t: 25, cathode: "LFP", cRate: 1, quantity: "discharge_capacity",
                                    value: 120, unit: "mAh/g"))
        return try MeasurementTable.parse(text: ([header] + rows).joined(separator: "\n") + "\n", path: "rows.csv")
    }

    static func classify(_ rows: [MeasurementRow]) -> (points: [FitPoint], unfitted: [UnfittedRow]) {
        FitPointBuilder.build(rows: rows, setup: FitSetup(evaluating: "CPCSE", defaultTemperature_C: nil))
    }

    /// The row takes the temperatures of the same study's rows of its cathode and C-rate (not the 1C row's 25 °C);
    /// another shape word, another quantity or fewer than three temperatures leave it out with the reason.
    @Test func classifiesWithTheStudysTemperatures() throws {
        let b = Self.classify(try Self.table(temperatures: [100, 60, 120, 60]))
        let p = try #require(b.points.first { $0.kind == .overpotentialScaling })
        #expect(p.temperatures_C == [60, 100, 120])
        #expect(p.measured.isNaN && p.row.cRate == 0.2)
        for (value, quantity, reason) in [("quadratic", "ir_drop_vs_resistivity", "is not a scaling"), ("linear", "ir_drop", "is not a scaling")] {
            let u = Self.classify(try Self.table(temperatures: [60, 100, 120], value: value, quantity: quantity)).unfitted
            #expect(u.contains { $0.row.kind == "overpotential_scaling" && $0.reason.contains(reason) }, "\(u.map(\.reason))")
        }
        let two = Self.classify(try Self.table(temperatures: [60, 100])).unfitted
        #expect(two.contains { $0.row.kind == "overpotential_scaling" && $0.reason.contains("fewer than three temperatures") })
    }

    /// A cell whose only resistances are the membrane and a contact (exchange currents 10⁹ A/m², no films, no pore
    /// path, t₊ = 1): the IR drop is J·(L/σ(T) + ASR_contact) at every temperature, all of it in the first two parts.
    @Test func irDropOfASeriesResistanceIsJTimesASR() throws {
        let d = Self.seriesResistanceCell(contact_ohm_m2: 2e-3)
        for t in [40.0, 80.0, 120.0] {
            let tK = Units.kelvin(celsius: t)
            let j = d.currentDensity(cRate: 0.2)
            let expected = j * (d.electrolyte.thickness_m / d.electrolyte.conductivity.sigma_S_m(at: tK) + 2e-3)
            let ir = try OverpotentialScalingObservation.irDrop(d, temperature_K: tK, cRate: 0.2)
            #expect(abs(ir.total_V / expected - 1) < 1e-6, "\(t) °C: \(ir.total_V) V vs \(expected) V")
            #expect(abs(ir.parts_V[1] - j * 2e-3) < 1e-9 * expected)
            #expect(ir.parts_V.count == OverpotentialScalingObservation.partNames.count)
            #expect(abs(ir.parts_V.reduce(0, +) - ir.total_V) < 1e-15)
        }
    }

    /// With kinetics, films and a pore path the IR drop is the instantaneous part of V(rest) − V(J): it equals the model's
    /// own voltage step once the particle's modal remainder (a diffusion term) is taken out, and it grows with J.
    @Test func irDropIsTheModelsStepWithoutDiffusion() throws {
        let d = try Fixtures.design(electrolyte: "ANP-C-2.0K", cathode: "LFP")
        let tK = Units.kelvin(celsius: 80)
        let cell = try FullCellModel(design: d, temperature_K: tK, aging: false)
        let y = cell.initialState(stateOfCharge: 1)
        let j = d.currentDensity(cRate: 0.2)
        let ir = try OverpotentialScalingObservation.irDrop(d, temperature_K: tK, cRate: 0.2)
        let (v0, vj, u0, uj) = y.withUnsafeBufferPointer { b -> (Double, Double, Double, Double) in
            let s = b.baseAddress!
            return (cell.voltage(s, current: 0).V, cell.voltage(s, current: j).V,
                    cell.cathodeParticles.openCircuitVoltage(cell.surfaceStoichiometry(s, current: 0)),
                    cell.cathodeParticles.openCircuitVoltage(cell.surfaceStoichiometry(s, current: j)))
        }
        #expect(abs((v0 - vj) - (u0 - uj) - ir.total_V) < 1e-9, "\(v0 - vj) − \(u0 - uj) vs \(ir.total_V)")
        let twice = try OverpotentialScalingObservation.irDrop(d, temperature_K: tK, cRate: 0.4)
        #expect(twice.total_V > ir.total_V * 1.5)
        #expect(ir.parts_V.allSatisfy { $0 >= 0 })
    }

    /// The plateau half-gap of the series-resistance cell with fast solid diffusion and a linear OCV is the same J·ASR
    /// (charge and discharge at the same rate shift the curve by ±J·ASR at equal x̄).
    @Test func plateauHalfGapOfASeriesResistanceIsJTimesASR() throws {
        let d = Self.seriesResistanceCell(contact_ohm_m2: 2e-3)
        let model = try ObservationFixtures.model([], electrolyte: d.electrolyte)
        for t in [40.0, 100.0] {
            let run = try model.ccCycle(d, temperature_C: t, chargeRate: 0.2, dischargeRate: 0.2, trace: true)
            let gap = try OverpotentialScalingObservation.plateauHalfGap_V(run, file: "test", line: nil)
            let tK = Units.kelvin(celsius: t)
            let expected = d.currentDensity(cRate: 0.2) * (d.electrolyte.thickness_m / d.electrolyte.conductivity.sigma_S_m(at: tK) + 2e-3)
            #expect(abs(gap / expected - 1) < 1e-3, "\(t) °C: \(gap) V vs \(expected) V")
        }
    }

    /// The linear-OCV cell of ``Fixtures`` with the simple electrolyte (t₊ = 1), fast kinetics, no films and a contact ASR.
    static func seriesResistanceCell(contact_ohm_m2: Double) -> CellDesign {
        var c = Fixtures.linearCathode()
        c.exchangeCurrent = Arrhenius(referenceValue: 1e9, activationEnergy_J_mol: 0)
        var e = Fixtures.simpleElectrolyte(tPlus: 1, sigma_S_m: 0.01, thickness_m: 100e-6)
        e.lithiumExchangeCurrent = Arrhenius(referenceValue: 1e9, activationEnergy_J_mol: 0)
        e.lithiumInterphaseASR_ohm_m2 = 0
        e.cathodeInterphaseASR_ohm_m2 = 0
        return CellDesign(cathode: c, electrolyte: e, anode: LithiumAnode(thickness_m: 50e-6), contactASR_ohm_m2: contact_ohm_m2)
    }
}
