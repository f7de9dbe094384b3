import Foundation
import Testing
@testable import CellTwin

@Suite("Differential analysis (dQ/dV, dV/dQ, degradation modes)")
struct DifferentialAnalysisTests {
    static let lfp = try! Fixtures.models.cathode("LFP")

    /// A curve on the cathode's OCV: Q_c = `capacity`, from x₀ over `span` of Li fraction, voltage U(x) ± η.
    static func ocvCurve(_ cathode: Cathode, direction: VoltageCapacityCurve.Direction, capacity: Double, x0: Double,
                         span: Double, eta: Double, cycle: Int = 1, points: Int = 4000) throws -> VoltageCapacityCurve {
        let spline = try cathode.ocvSpline()
        let s: Double = direction == .discharge ? 1 : -1
        let q = (0..<points).map { capacity * span * Double($0) / Double(points - 1) }
        let v = q.map { spline.value(x0 + s * $0 / capacity) - s * eta }
        return VoltageCapacityCurve(cycle: cycle, direction: direction, capacity: q, voltage_V: v, capacityUnit: "Ah")
    }

    @Test("Savitzky–Golay reproduces a quadratic and its derivative exactly, ends included")
    func savitzkyGolayPolynomial() throws {
        let h = 0.1
        let y = (0..<40).map { k -> Double in let x = Double(k) * h; return 2 - 3 * x + 0.5 * x * x }
        let f = SavitzkyGolay(window: 7, order: 2)
        for (a, b) in zip(try f.smooth(y), y) { #expect(abs(a - b) < 1e-10) }
        for (k, d) in try f.derivative(y, spacing: h).enumerated() { #expect(abs(d - (-3 + Double(k) * h)) < 1e-9, "k = \(k)") }
        // Shorter than the window: one polynomial through all points.
        #expect(try f.smooth([1, 2, 3]).enumerated().allSatisfy { abs($0.element - Double($0.offset + 1)) < 1e-12 })
    }

    @Test("dQ/dV of LFP's OCV curve peaks at the plateau voltage U(x = 0.5) within 5 mV, and conserves capacity")
    func lfpPlateau() throws {
        let curve = try Self.ocvCurve(Self.lfp, direction: .discharge, capacity: 1, x0: 0.001, span: 0.998, eta: 0)
        let d = try DifferentialAnalysis.dqdv(curve)
        let plateau = try Self.lfp.ocvSpline().value(0.5)
        let top = try #require(d.peaks.max { $0.height < $1.height })
        #expect(abs(top.position - plateau) < 0.005, "peak at \(top.position) V, plateau \(plateau) V")
        let area = d.y.reduce(0, +) * DifferentialOptions().voltageStep_V
        #expect(abs(area / curve.totalCapacity - 1) < 0.01, "∫dQ/dV dV = \(area)")
        // The same on charge (|dQ/dV|).
        let charge = try DifferentialAnalysis.dqdv(try Self.ocvCurve(Self.lfp, direction: .charge, capacity: 1, x0: 0.999, span: 0.998, eta: 0))
        #expect(abs(try #require(charge.peaks.max { $0.height < $1.height }).position - plateau) < 0.005)
    }

    @Test("dV/dQ peaks where a two-plateau curve steps from one plateau to the other; noisy samples still give one peak")
    func twoPlateaus() throws {
        // 3.9 V → 3.6 V over Q = 0…1 with a tanh step at Q = 0.4 (width 0.01), ±0.5 mV deterministic noise.
        let n = 3000
        let q = (0..<n).map { Double($0) / Double(n - 1) }
        let v = q.enumerated().map { k, x in 3.75 + 0.15 * Foundation.tanh((0.4 - x) / 0.01) - 0.02 * x + 0.0005 * sin(Double(k) * 1.7) }
        let curve = VoltageCapacityCurve(cycle: 1, direction: .discharge, capacity: q, voltage_V: v, capacityUnit: "Ah")
        let d = try DifferentialAnalysis.dvdq(curve)
        #expect(d.peaks.count == 1)
        #expect(abs((d.peaks.first?.position ?? 0) - 0.4) < 0.01)
        // dQ/dV: the longer, lower plateau (3.580–3.592 V) gives the highest peak.
        let ic = try DifferentialAnalysis.dqdv(curve)
        let top = try #require(ic.peaks.max { $0.height < $1.height })
        #expect(top.position > 3.578 && top.position < 3.594, "\(ic.peaks)")
    }

    @Test("degradation modes: synthetic LLI/LAM of 5 % and 10 % recovered within 1 point, with the polarization shift",
          arguments: [(0.05, 0.10), (0.10, 0.05)])
    func syntheticModes(lli: Double, lam: Double) throws {
        // Reference: Q_c = 2 Ah, Li inventory 0.85 × Q_c, charged from the discharged end to 3.8 V; η = 20 mV.
        let qc = 2.0, x0 = 0.85
        let spline = try Self.lfp.ocvSpline()
        func chargeCurve(qc: Double, x0: Double, eta: Double, cycle: Int) throws -> VoltageCapacityCurve {
            // Charge until U + η reaches 3.8 V.
            let xEnd = try Self.lfp.stoichiometry(atVoltage: 3.8 - eta, spline: spline)
            return try Self.ocvCurve(Self.lfp, direction: .charge, capacity: qc, x0: x0, span: x0 - xEnd, eta: eta, cycle: cycle)
        }
        let reference = try chargeCurve(qc: qc, x0: x0, eta: 0.020, cycle: 1)
        let qcLater = qc * (1 - lam), inventory = qc * x0 * (1 - lli)
        let later = try chargeCurve(qc: qcLater, x0: inventory / qcLater, eta: 0.035, cycle: 200)
        let modes = try DegradationModes.estimate(reference: reference, later: later, cathode: Self.lfp, lithiumLimited: true)
        #expect(abs(modes.activeMaterialLoss - lam) < 0.01, "LAM \(modes.activeMaterialLoss)")
        #expect(abs((modes.lithiumInventoryLoss ?? 1) - lli) < 0.01, "LLI \(String(describing: modes.lithiumInventoryLoss))")
        #expect(abs(modes.polarizationShift_V - 0.015) < 0.002, "Δη \(modes.polarizationShift_V)")
        #expect(modes.reference.rms_V < 0.005 && modes.later.rms_V < 0.005)
        // With an excess Li-metal anode the same curves give LAM and Δη, and LLI is not observable.
        let excess = try DegradationModes.estimate(reference: reference, later: later, cathode: Self.lfp, lithiumLimited: false)
        #expect(excess.lithiumInventoryLoss == nil && abs(excess.activeMaterialLoss - lam) < 0.01)
    }

    @Test("curves of different directions are refused")
    func directions() throws {
        let a = try Self.ocvCurve(Self.lfp, direction: .charge, capacity: 1, x0: 0.9, span: 0.8, eta: 0)
        let b = try Self.ocvCurve(Self.lfp, direction: .discharge, capacity: 1, x0: 0.1, span: 0.8, eta: 0)
        #expect(throws: DegradationModesError.directionsDiffer("cycle 1 charge", "cycle 1 discharge")) {
            try DegradationModes.estimate(reference: a, later: b, cathode: Self.lfp, lithiumLimited: false)
        }
    }
}
