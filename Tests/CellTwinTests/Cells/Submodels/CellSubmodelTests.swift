import Foundation
import Testing
@testable import CellTwin

/// The submodels assembled in the full cell (their Jacobian: ``SubmodelJacobianTests``): transport limits shared with the Li | E | Li cell, coulombic
/// efficiency and self-discharge of every shipped twin.
@Suite struct CellSubmodelTests {
    static let electrolytes = ModelFilesTests.electrolytes
    @Test func fullCellChargeStopsAtSandOnsetWhenTheSymmetricCellDoes() throws {
        // Li | PPSE | LFP at 60 °C, 1C: the same current in Li | PPSE | Li reaches Sand onset; the full cell's charge
        // ends there (with its reason) rather than plating on. Both cells use the same salt submodel; the short law is
        // off so that transport alone decides.
        var design = try Fixtures.design(electrolyte: "PPSE", cathode: "LFP")
        design.electrolyte.shortLaw.referenceTime_s = .infinity
        design.electrolyte.shortLaw.criticalCharge_C_m2 = .infinity
        let j = design.currentDensity(cRate: 1)
        #expect(j > design.electrolyte.limitingCurrent_A_m2(at: Units.kelvin(celsius: 60)))
        let sym = try SymmetricSimulator(electrolyte: design.electrolyte, temperature_C: 60)
        let r = try sym.platingStripping(PlatingStripping(current_mA_cm2: Units.mA_cm2(A_m2: j), capacity_mAh_cm2: 1, duration_h: 10))
        #expect(r.event == .sandOnset)
        var o = SimulationOptions()
        o.aging = false
        let sim = try Simulator(design: design, temperature_C: 60, options: o)
        let solution = try sim.run(try Experiment(steps: ["Charge at 1C until 3.8 V", "Discharge at 0.1C until 2.5 V"], cycles: 1))
        let charge = solution.cycles[0].steps[0]
        // The charge ends at the Sand onset, or earlier at V_max as the concentration overpotential diverges towards
        // it: never later than the symmetric cell's Sand time (4 modes + remainder against 20 modes: within 5 %).
        #expect(charge.end == .event(.sandOnset) || charge.end == .event(.voltage(V: 3.8, direction: .rising)), "\(charge.endReason)")
        #expect(charge.duration_s < 1.05 * r.end_s, "\(charge.duration_s) s vs \(r.end_s) s")
        // With the voltage limit lifted, the same charge runs into the Sand onset itself.
        let open = try Simulator(design: design, temperature_C: 60, options: o)
            .run(try Experiment(steps: ["Charge at 1C until 5.5 V", "Discharge at 0.1C until 2.5 V"], cycles: 1))
        let free = open.cycles[0].steps[0]
        #expect(free.end == .event(.sandOnset), "\(free.endReason)")
        #expect(abs(free.duration_s - r.end_s) < 0.05 * r.end_s, "\(free.duration_s) s vs \(r.end_s) s")
    }

    @Test func coulombicEfficiencyIsOneMinusTheParasiticFraction() throws {
        // With only ε·J_plate lost on charge (no oxidation near the window, no leakage), CE = 1 − ε.
        var design = try Fixtures.design(electrolyte: "CPCSE", cathode: "LFP")
        design.electrolyte.oxidation.chargeParasiticFraction = 4e-3
        design.electrolyte.oxidation.chargeParasiticActivationEnergy_J_mol = 0
        design.electrolyte.oxidation.onsetCurrent_A_m2 = 0
        design.electrolyte.electronicConductivity.referenceValue = 0
        let sim = try Simulator(design: design, temperature_C: 60)
        let s = try sim.run(try Experiment(steps: ["Charge at 0.5C until 3.8 V", "Discharge at 0.5C until 2.5 V"], cycles: 3))
        let ce = s.cycles[2].coulombicEfficiency!
        #expect(abs(ce - (1 - 4e-3)) < 2e-4, "CE \(ce)")
    }

    /// A 30-day rest from full charge loses at most 5 % of the capacity for every shipped twin with LFP (DOMAIN B §5.6:
    /// leakage bounded by rest data; oxidation stops below its window).
    @Test(arguments: electrolytes)
    func thirtyDayRestLosesAtMostFivePercent(electrolyte id: String) throws {
        try Self.checkThirtyDayRest(RetentionMatrixTests.Twin(electrolyte: id, cathode: "LFP"))
    }

    /// The same for the shipped twins with a layered oxide (the cathodes a model file names besides LFP), charged to
    /// their cathode's upper voltage (4.3 V), where electrolyte oxidation and leakage go on during the rest.
    static var highVoltageTwins: [RetentionMatrixTests.Twin] { RetentionMatrixTests.twins.filter { $0.cathode != "LFP" } }

    /// A twin whose electrolyte's stability limit lies below the charge voltage (a polyether at 4.0 V charged to 4.3 V)
    /// oxidises its electrolyte at rest, and the charge that oxidation takes is lost (DOMAIN B §5.6: "NCM cells charged
    /// to 4.2–4.3 V with polyether electrolytes therefore lose charge"). For these the bound applies to what is not
    /// oxidation: with the oxidation law off the rest loses at most 5 % (leakage and shuttle bounded as for every twin),
    /// and with it on the loss is larger, so that it is the oxidation, not a drain, that the rest shows.
    @Test(arguments: highVoltageTwins)
    func thirtyDayRestOfAHighVoltageTwinLosesAtMostFivePercentBesidesOxidation(_ twin: RetentionMatrixTests.Twin) throws {
        let design = try Fixtures.design(electrolyte: twin.electrolyte, cathode: twin.cathode)
        guard design.electrolyte.oxidationLimit_V < design.cathode.maximumVoltage_V else {
            try Self.checkThirtyDayRest(twin)
            return
        }
        let without = try Self.restRetention(twin, oxidation: false)
        #expect(without >= 0.95, "\(twin.testDescription) without oxidation: \(without) of the capacity after 30 days")
        let withOxidation = try Self.restRetention(twin, oxidation: true)
        #expect(withOxidation < without, "\(twin.testDescription): \(withOxidation) with oxidation, \(without) without")
    }

    /// Charges `twin` at 0.1C to its cathode's upper voltage, rests 30 days and discharges at 0.1C to the lower one: at
    /// least 95 % of the discharge without the rest. At 30 °C (or the nearest valid temperature); a twin that delivers
    /// nothing there (ANP-C, semicrystalline below its melting step) at its aging reference temperature instead, where
    /// leakage and oxidation run faster.
    static func checkThirtyDayRest(_ twin: RetentionMatrixTests.Twin) throws {
        let retention = try restRetention(twin, oxidation: true)
        #expect(retention >= 0.95, "\(twin.testDescription): \(retention) of the capacity after 30 days")
    }

    /// Discharge after a 30-day rest over the discharge without it (see ``checkThirtyDayRest(_:)``); with
    /// `oxidation` false the electrolyte's oxidation current is off.
    static func restRetention(_ twin: RetentionMatrixTests.Twin, oxidation: Bool) throws -> Double {
        var design = try Fixtures.design(electrolyte: twin.electrolyte, cathode: twin.cathode)
        if !oxidation { design.electrolyte.oxidation.onsetCurrent_A_m2 = 0 }
        let range = design.electrolyte.validTemperatureRange_K
        func valid(_ t: Double) -> Double {
            min(max(t, Units.celsius(kelvin: range.lowerBound)), Units.celsius(kelvin: range.upperBound))
        }
        func discharge(at tC: Double, restHours: Double) throws -> Double {
            let sim = try Simulator(design: design, temperature_C: tC)
            var steps = ["Charge at 0.1C until \(design.cathode.maximumVoltage_V) V"]
            if restHours > 0 { steps.append("Rest for \(Int(restHours)) hours") }
            steps.append("Discharge at 0.1C until \(design.cathode.minimumVoltage_V) V")
            return try sim.run(try Experiment(steps: steps, cycles: 1)).cycles[0].dischargeCapacity_C_m2
        }
        var tC = valid(30)
        var fresh = try discharge(at: tC, restHours: 0)
        if fresh == 0 {
            tC = valid(Units.celsius(kelvin: design.electrolyte.aging.referenceTemperature_K))
            fresh = try discharge(at: tC, restHours: 0)
        }
        let rested = try discharge(at: tC, restHours: 720)
        #expect(fresh > 0, "\(twin.testDescription) delivers nothing at \(tC) °C")
        return fresh > 0 ? rested / fresh : 0
    }

    @Test func fadePerCycleRisesWithCurrent() throws {
        // CPCSE | LFP at 60 °C: contact loss, voids and interphase growth all rise with current density.
        let design = try Fixtures.design(electrolyte: "CPCSE", cathode: "LFP")
        func lossPerCycle(_ c: Double) throws -> Double {
            var o = LifeOptions()
            o.maxCycles = 200
            o.attribution = false
            o.threshold = 0.05
            let life = try LifeSimulator(design: design, temperature_C: 60, options: o)
            let steps = try LifeSimulator.standardCycle(cathode: design.cathode, chargeRate: c, dischargeRate: c)
            let r = try life.run(Experiment(blocks: [ExperimentBlock(steps: steps, repeatCount: 200)]))
            let q = r.cycles.map(\.dischargeCapacity_C_m2)
            return (q[4] - q.last!) / q[4] / Double(r.cycles.count - 5)
        }
        let half = try lossPerCycle(0.5), one = try lossPerCycle(1)
        #expect(one > 1.2 * half, "0.5C \(half), 1C \(one) per cycle")
    }
}

// MARK: - One submodel's rows (the ``CellSubmodel`` contract)

extension CellSubmodelTests {
    /// The rows `submodel` writes at state `y` (the other entries stay NaN).
    static func rates<S: CellSubmodel>(_ submodel: S, _ context: SubmodelContext, _ y: [Double]) -> [Double] {
        var dydt = [Double](repeating: .nan, count: y.count)
        y.withUnsafeBufferPointer { submodel.addRates(context, y: $0.baseAddress!, dydt: &dydt) }
        return dydt
    }

    /// Checks the submodel's Jacobian rows against central differences of its rates: ∂f_row/∂y_col for every column
    /// (0 where it does not depend on the column) and ∂f_row/∂J, with the context built from the current and the
    /// state by `context` (as the cell builds it: the contact 1 − v, the oxidation current from Q_ox).
    static func expectJacobianMatchesCentralDifferences<S: CellSubmodel>(
        _ submodel: S, y: [Double], current j: Double, context: (Double, [Double]) -> SubmodelContext,
        tolerance: Double = 1e-6, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let n = y.count
        var dfdy = [Double](repeating: 0, count: n * n), dfdJ = [Double](repeating: .nan, count: n)
        y.withUnsafeBufferPointer {
            submodel.addJacobian(context(j, y), y: $0.baseAddress!, dfdy: &dfdy, dimension: n, dfdJ: &dfdJ)
        }
        func f(_ state: [Double], _ current: Double) -> [Double] { rates(submodel, context(current, state), state) }
        for col in 0..<n {
            let h = 1e-6 * max(abs(y[col]), 1e-6)
            var up = y, down = y
            up[col] += h
            down[col] -= h
            let fu = f(up, j), fd = f(down, j)
            for row in submodel.indices {
                let numeric = (fu[row] - fd[row]) / (2 * h)
                let analytic = dfdy[row * n + col]
                #expect(abs(numeric - analytic) <= tolerance * max(abs(numeric), abs(analytic)),
                        "∂f\(row)/∂y\(col): \(analytic), central difference \(numeric)", sourceLocation: sourceLocation)
            }
        }
        let h = 1e-6 * max(abs(j), 1e-3)
        let fu = f(y, j + h), fd = f(y, j - h)
        for row in submodel.indices {
            let numeric = (fu[row] - fd[row]) / (2 * h)
            #expect(abs(numeric - dfdJ[row]) <= tolerance * max(abs(numeric), abs(dfdJ[row])),
                    "∂f\(row)/∂J: \(dfdJ[row]), central difference \(numeric)", sourceLocation: sourceLocation)
        }
    }
}
