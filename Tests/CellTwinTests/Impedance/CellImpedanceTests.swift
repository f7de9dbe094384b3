import Foundation
import Testing
@testable import CellTwin

@Suite("Impedance of the cell models")
struct CellImpedanceTests {
    @Test("symmetric Li|E|Li: high-frequency intercept R_b, DC limit R_b + 2R_int + R_D", arguments: [
        ("CMP-VAMMT", 30.0), ("CPCSE", 25.0), ("HE-PEIgPHE", 60.0),
    ])
    func symmetricLimits(electrolyte id: String, temperature_C: Double) throws {
        let e = try Fixtures.models.electrolyte(id)
        let t = Units.kelvin(celsius: temperature_C)
        let m = try CellImpedanceModel.symmetric(electrolyte: e, temperature_K: t)
        let area = e.referenceCell.electrodeArea_m2
        let rb = e.bulkASR_ohm_m2(at: t) / area
        let rInt = CellImpedanceModel.lithiumInterfaceASR(e, t) / area
        let rd = e.diffusionASR_ohm_m2(at: t) / area
        #expect(abs(m.bulkResistance_ohm - rb) < 1e-12 * rb)

        let spectrum = m.spectrum()
        #expect(spectrum.count == 81)
        #expect(spectrum.frequencies_Hz.first == 1e6 && abs((spectrum.frequencies_Hz.last ?? 0) - 1e-2) < 1e-15)
        let features = SpectrumFeatures(spectrum)
        #expect(abs(features.highFrequencyIntercept_ohm / rb - 1) < 0.01,
                "intercept \(features.highFrequencyIntercept_ohm) Ω vs R_b \(rb) Ω")

        let dc = m.circuit.impedance(frequency_Hz: 1e-9, parameters: m.parameters)
        let expected = rb + 2 * rInt + rd
        #expect(abs(dc.re / expected - 1) < 1e-6, "DC \(dc.re) Ω vs \(expected) Ω")
        #expect(abs(dc.im) < 1e-4 * expected)
        #expect(abs(m.lowFrequencyResistance_ohm / expected - 1) < 1e-12)
        // Capacitive everywhere in the window: −Z″ ≥ 0.
        #expect(spectrum.minusImaginary_ohm.allSatisfy { $0 >= 0 })
    }

    @Test("CMP-VAMMT at 30 °C reproduces the study's 326 Ω Li|E|Li interface (the file's calibration)")
    func interfaceMatchesStudy() throws {
        let e = try Fixtures.models.electrolyte("CMP-VAMMT")
        let m = try CellImpedanceModel.symmetric(electrolyte: e, temperature_K: Units.kelvin(celsius: 30))
        let interfaces = m.components.filter { $0.name.hasPrefix("Li interface") }.reduce(0) { $0 + $1.resistance_ohm }
        #expect(abs(interfaces - 326) < 3)
    }

    @Test("a single-ion conductor (t₊ = 1) has no concentration Warburg")
    func singleIon() throws {
        let e = Fixtures.simpleElectrolyte(tPlus: 1)
        let m = try CellImpedanceModel.symmetric(electrolyte: e, temperature_K: 298.15)
        #expect(m.circuit.description == "p(R0,C0)-p(R1,CPE1)-p(R2,CPE2)")
        let withSalt = try CellImpedanceModel.symmetric(electrolyte: Fixtures.simpleElectrolyte(tPlus: 0.5), temperature_K: 298.15)
        #expect(withSalt.circuit.description == "p(R0,C0)-p(R1,CPE1)-p(R2,CPE2)-Ws1")
        let ws = try #require(withSalt.components.first { $0.elements == ["Ws1"] })
        #expect(abs(ws.resistance_ohm / withSalt.bulkResistance_ohm - 1) < 1e-12) // R_D = R_b(1 − t₊)/t₊ = R_b
    }

    @Test("temperature enters through σ, i₀, D: warmer cells have smaller resistances and faster arcs")
    func temperatureDependence() throws {
        let e = try Fixtures.models.electrolyte("CMP-VAMMT")
        let cold = try CellImpedanceModel.symmetric(electrolyte: e, temperature_K: Units.kelvin(celsius: 10))
        let warm = try CellImpedanceModel.symmetric(electrolyte: e, temperature_K: Units.kelvin(celsius: 60))
        for (c, w) in zip(cold.components, warm.components) {
            #expect(w.resistance_ohm < c.resistance_ohm, "\(c.name)")
            #expect((w.frequency_Hz ?? 0) > (c.frequency_Hz ?? 0), "\(c.name)")
        }
        #expect(throws: SimulationError.self) {
            try CellImpedanceModel.symmetric(electrolyte: e, temperature_K: Units.kelvin(celsius: 140))
        }
    }

    @Test("full Li|E|NCM523 cell: intercept R_contact + R_b, capacitive at low frequency, Re → ΣR with R_s = Z₀/3")
    func fullCell() throws {
        let design = try Fixtures.design(electrolyte: "CMP-VAMMT", cathode: "NCM523")
        let t = Units.kelvin(celsius: 30)
        let m = try CellImpedanceModel.full(design: design, temperature_K: t, stateOfCharge: 0.5)
        #expect(m.circuit.description.hasSuffix(design.cathode.poreGeometry == nil ? "p(R2,CPE1)-p(R3,CPE2)-Ws1-Wo1"
                                                                                    : "p(R2,CPE1)-T1-Ws1-Wo1"))
        let solid = try #require(m.components.first { $0.name == "cathode solid diffusion" })
        let slope = try #require(m.cathodeOCVSlope_V)
        #expect(slope < 0)
        // R_s = −(dU/dx)·τ_s/(15·Q_x) per unit area: the model's steady state (τ_s/15)·dx̄/dt.
        let rs = -slope * design.cathode.diffusionTime_s(at: t) / (15 * design.stoichiometricCapacity_C_m2) / m.electrodeArea_m2
        #expect(abs(solid.resistance_ohm / rs - 1) < 1e-12)
        let low = m.circuit.impedance(frequency_Hz: 1e-7, parameters: m.parameters)
        #expect(abs(low.re / m.lowFrequencyResistance_ohm - 1) < 1e-4)
        #expect(-low.im > 100 * low.re) // the particle's capacitance
        let features = SpectrumFeatures(m.spectrum())
        let series = m.seriesResistance_ohm + m.bulkResistance_ohm
        #expect(abs(features.highFrequencyIntercept_ohm / series - 1) < 0.02)
        #expect(throws: SimulationError.self) {
            try CellImpedanceModel.full(design: design, temperature_K: t, stateOfCharge: 1.5)
        }
    }

    @Test("solid-diffusion Warburg matches CellTwin's modal sphere at low frequency")
    func solidDiffusionMatchesModes() {
        let dUdx = -0.8, tauS = 3000.0, qx = 5e4
        let w = CellImpedanceModel.solidDiffusionWarburg(dUdx_V: dUdx, diffusionTime_s: tauS, stoichiometricCapacity_C_m2: qx)
        let cs = qx / -dUdx
        // Exact modal sphere: 1/(jωC) + Σ (2/3)τ_s/(λ² C)/(1 + jωτ_s/λ²).
        func sphere(_ omega: Double) -> Complex {
            var z = Complex(0, -1 / (omega * cs))
            for k in 1...4000 {
                let l = k <= 12 ? SolidDiffusionModes.eigenvalues[k - 1] : (Double(k) + 0.5) * .pi - 1 / ((Double(k) + 0.5) * .pi)
                let r = (2.0 / 3.0) * tauS / (l * l * cs), tk = tauS / (l * l)
                z += r / Complex(1, omega * tk)
            }
            return z
        }
        for f in [1e-7, 1e-6] {
            let omega = 2 * Double.pi * f
            let a = ElementType.Wo.impedance(frequency_Hz: f, parameters: [w.z0_ohm_m2, w.tau_s]), b = sphere(omega)
            #expect(abs(a.re / b.re - 1) < 1e-3, "f = \(f): \(a) vs \(b)")
            #expect(abs(a.im / b.im - 1) < 1e-6)
        }
        #expect(abs(w.z0_ohm_m2 / 3 - tauS / (15 * cs)) < 1e-15)
    }
}
