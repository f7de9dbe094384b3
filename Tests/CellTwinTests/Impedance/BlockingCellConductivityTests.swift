import Foundation
import Testing
@testable import CellTwin

/// The simulated SS | E | SS conductivity measurement: R_b read off the blocking cell's spectrum, σ = L/(R_b·A).
@Suite struct BlockingCellConductivityTests {
    static let seedPath = Fixtures.packageRoot.appendingPathComponent("Calibration/seed-measurements.csv").path

    /// A resolved bulk arc: R_b = 1234 Ω ∥ CPE (Q = 10 nF s^(α−1), α = 0.9, apex near 44 kHz) in series with a blocking
    /// CPE (1 µF s^(α−1), α = 0.85), from the closed form; the arc fit returns R_b within 0.5 %.
    @Test func arcFitRecoversTheBulkResistanceOfASyntheticSpectrum() throws {
        let rb = 1234.0
        let spectrum = try Circuit("p(R0,CPE0)-CPE1").spectrum(frequencies_Hz: BlockingCellAssumptions().frequencies_Hz,
                                                               parameters: [rb, 1e-8, 0.9, 1e-6, 0.85])
        let (r, method) = try BlockingCellConductivity.bulkResistance(spectrum)
        #expect(method == .arcFit)
        #expect(abs(r / rb - 1) < 0.005, "extracted \(r) Ω for \(rb) Ω")
    }

    /// No arc in the sweep (R_b = 50 Ω in series with the spike): the spike's real-axis intercept returns R_b within 0.5 %.
    @Test func interceptFitRecoversTheBulkResistanceOfASpikeOnly() throws {
        let rb = 50.0
        let spectrum = try Circuit("R0-CPE1").spectrum(frequencies_Hz: BlockingCellAssumptions().frequencies_Hz,
                                                       parameters: [rb, 2e-6, 0.85])
        let (r, method) = try BlockingCellConductivity.bulkResistance(spectrum)
        #expect(method == .interceptFit)
        #expect(abs(r / rb - 1) < 0.005, "extracted \(r) Ω for \(rb) Ω")
    }

    /// Every shipped twin at each of its σ rows' temperatures: the simulated measurement returns the model's σ within
    /// 1 % and the published σ within the 10 % validation tolerance.
    @Test func simulatedMeasurementReturnsModelAndPublishedConductivity() throws {
        let rows = try MeasurementTable.load(path: Self.seedPath).filter {
            $0.kind == "conductivity" && $0.quantity == "sigma" && $0.unit == "S/cm"
                && Fixtures.models.electrolyteIDs.contains($0.electrolyte)
        }
        #expect(rows.count >= 13)
        var methods: Set<String> = []
        for row in rows {
            let e = try Fixtures.models.electrolyte(row.electrolyte)
            let T = try #require(row.temperature_C), published = try #require(row.value)
            let m: BlockingCellConductivity.Measurement
            do { m = try BlockingCellConductivity.measure(e, temperature_K: Units.kelvin(celsius: T)) } catch {
                Issue.record("\(row.electrolyte) at \(T) °C: \(error)")
                continue
            }
            methods.insert(m.method.rawValue)
            #expect(abs(m.relativeDifference) < 0.01, "\(row.electrolyte) at \(T) °C: \(m.relativeDifference) (\(m.method))")
            #expect(abs(m.conductivity_S_m / 100 / published - 1) <= 0.10,
                    "\(row.electrolyte) at \(T) °C: measured \(m.conductivity_S_m / 100) S/cm, published \(published)")
        }
        #expect(methods.count == 2) // the seed set has both resolved arcs (ANP-C-1.0K) and intercepts
    }

    /// A sweep that stops below the bulk/double-layer crossover, or one that stays above the bulk relaxation
    /// frequency, cannot show R_b: each is refused with the limit named.
    @Test func sweepsThatDoNotResolveTheBulkAreRefused() throws {
        let e = try Fixtures.models.electrolyte("CPCSE")
        var low = BlockingCellAssumptions()
        low.impedance.maximumFrequency_Hz = 100
        let a = try #require(throws: SimulationError.self) { try BlockingCellConductivity.measure(e, temperature_K: 298.15, assumptions: low) }
        #expect("\(a)".contains("maximum frequency 100 Hz"))
        #expect("\(a)".contains("equals the bulk resistance R_b"))
        let slow = try Fixtures.models.electrolyte("ANP-C-1.0K")
        let m = try BlockingCellConductivity.measure(slow, temperature_K: 301.15)
        var high = BlockingCellAssumptions()
        high.impedance.minimumFrequency_Hz = m.bulkFrequency_Hz / 2
        high.impedance.maximumFrequency_Hz = 100 * m.bulkFrequency_Hz
        let b = try #require(throws: SimulationError.self) { try BlockingCellConductivity.measure(slow, temperature_K: 301.15, assumptions: high) }
        #expect("\(b)".contains("bulk relaxation frequency 1/(2π R_b C_g)"))
    }

    /// f_b = σ/(2π ε₀ ε_r), independent of geometry (DOMAIN B §2.2), and |Z_CPE(f_×)| = R_b.
    @Test func characteristicFrequenciesFollowTheirClosedForms() throws {
        let e = try Fixtures.models.electrolyte("CPCSE")
        let a = BlockingCellAssumptions()
        let m = try BlockingCellConductivity.measure(e, temperature_K: 333.15, assumptions: a)
        let fb = m.modelConductivity_S_m / (2 * Double.pi * CellImpedanceModel.vacuumPermittivity_F_m * a.relativePermittivity)
        #expect(abs(m.bulkFrequency_Hz / fb - 1) < 1e-12)
        let q = a.doubleLayerQ_S_s_alpha_m2 * e.referenceCell.electrodeArea_m2
        let z = ElementType.CPE.impedance(frequency_Hz: m.crossoverFrequency_Hz, parameters: [q, a.doubleLayerExponent])
        #expect(abs(z.modulus / m.modelBulkResistance_ohm - 1) < 1e-9)
    }
}
