import Foundation
import Testing
@testable import CellTwin

/// The full cell's analytic Jacobian, assembled from its electrical core and its aging submodels (``CellSubmodel``),
/// against central finite differences of the right-hand side, for every combination of the submodels a cell
/// switches: aging on and off, binary and single-ion electrolyte (salt modes or none), every cathode, every control;
/// with the aging submodels' block (``FullCellModel/agingRowsInJacobian``) and without it (the integrator's default:
/// the electrical block and the anode's Li).
/// Also the submodels' declarations: their keys exist in the model-file key tables, their states are named once, lie
/// in their bounds and reach the trace.
@Suite struct SubmodelJacobianTests {
    static let electrolytes = ModelFilesTests.electrolytes
    static let cathodes = ["LFP", "NCM523", "NCM811", "S"]

    /// The cell with its parasitic currents (leakage, oxidation, shuttle) off: the Jacobian omits their weak coupling
    /// by design.
    static func design(_ electrolyte: String, _ cathode: String, singleIon: Bool) throws -> CellDesign {
        var d = try Fixtures.design(electrolyte: electrolyte, cathode: cathode)
        d.electrolyte.electronicConductivity.referenceValue = 0
        d.electrolyte.oxidation.onsetCurrent_A_m2 = 0
        d.electrolyte.oxidation.chargeParasiticFraction = 0
        d.electrolyte.aging.shuttleRate_per_s = 0
        if singleIon { d.electrolyte.transferenceNumber = 1 }
        return d
    }

    /// 60 °C, or the nearest temperature of the electrolyte's valid range.
    static func temperature_K(_ e: Electrolyte) -> Double {
        min(max(Units.kelvin(celsius: 60), e.validTemperatureRange_K.lowerBound), e.validTemperatureRange_K.upperBound)
    }

    /// A polarized, aged state: solid and salt modes away from zero, part of the Li interface voided, some damage and
    /// some oxidation charge (below the soft short's onset).
    static func polarizedState(_ model: FullCellModel, solidMode: Double = 1e-3) -> [Double] {
        var y = model.initialState(stateOfCharge: 0.5)
        for k in model.iModes { y[k] = solidMode }
        for (n, k) in model.iSalt.enumerated() { y[k] = -20 / Double(n + 1) }
        if model.agingEnabled {
            y[model.iVoid] = 0.2
            y[model.iDamage] = 0.3
            y[model.iLAM] = 0.05
            y[model.iOxidation] = 50
        }
        return y
    }

    /// Current, voltage and power control on charge and on discharge, and rest.
    static func controls(_ model: FullCellModel, _ y: [Double]) -> [CellControl] {
        let j1C = model.design.currentDensity(cRate: 1)
        func v(_ j: Double) -> Double {
            model.configure(control: .current(A_m2: j), events: [], stepStartCharge_C_m2: 0)
            return y.withUnsafeBufferPointer { model.terminalVoltage($0.baseAddress!) }
        }
        let vCharge = v(-0.3 * j1C), vDischarge = v(0.3 * j1C)
        return [.current(A_m2: -0.5 * j1C), .current(A_m2: 0.5 * j1C), .voltage(V: vCharge), .voltage(V: vDischarge),
                .power(W_m2: -0.3 * j1C * vCharge), .power(W_m2: 0.3 * j1C * vDischarge), .rest]
    }

    /// Compares the analytic Jacobian at `y` under `control` with central differences on the entries it covers: the
    /// electrical columns for the electrical rows, the charge and every aging row (through ∂J/∂y under voltage and
    /// power control); the aging columns for the aging rows under current control and rest (under voltage or power
    /// control J also moves with the aging states through V, a coupling the Jacobian omits). Each entry is judged
    /// against itself and against 1e-6 of the largest entry of its row among the compared columns (central
    /// differences carry O(h²) truncation), above the rounding noise of the differences.
    static func check(_ model: FullCellModel, at y: [Double], control: CellControl, label: String,
                      columns onlyColumns: [Int]? = nil, rows onlyRows: [Int]? = nil) {
        model.configure(control: control, events: [], stepStartCharge_C_m2: 0)
        let n = model.dimension
        let dfdy = model.jacobianMatrix(at: y)
        let f = model.rates(at:)
        let electrical = [model.iMean] + Array(model.iModes) + Array(model.iSalt)
        let aging = !model.agingEnabled ? [] : model.agingRowsInJacobian ? Array(model.agingRows) : [model.iLithium]
        let fixedCurrent: Bool
        switch control {
        case .current, .rest: fixedCurrent = true
        case .voltage, .power: fixedCurrent = false
        }
        var pairs: [(row: Int, col: Int)] = []
        for col in electrical { for row in electrical + [model.iCharge] + aging { pairs.append((row, col)) } }
        if fixedCurrent { for col in aging { for row in aging { pairs.append((row, col)) } } }
        if let onlyColumns { pairs = pairs.filter { onlyColumns.contains($0.col) } }
        if let onlyRows { pairs = pairs.filter { onlyRows.contains($0.row) } }
        var numeric = [Int: Double](), noise = [Int: Double]()
        for col in Set(pairs.map(\.col)) {
            let h = max(abs(y[col]), col == model.iMean ? 1e-2 : model.layout.scales[col]) * 1e-6
            var up = y, down = y
            up[col] += h
            down[col] -= h
            let fu = f(up), fd = f(down)
            for row in 0..<n {
                numeric[row * n + col] = (fu[row] - fd[row]) / (2 * h)
                noise[row * n + col] = 1e-12 * max(abs(fu[row]), abs(fd[row])) / h
            }
        }
        var rowScale = [Int: Double]()
        for (row, col) in pairs {
            rowScale[row] = max(rowScale[row] ?? 0, abs(dfdy[row * n + col]), abs(numeric[row * n + col]!))
        }
        for (row, col) in pairs {
            let fd = numeric[row * n + col]!, analytic = dfdy[row * n + col]
            let tolerance = 1e-2 * max(abs(fd), abs(analytic)) + 1e-6 * rowScale[row]! + noise[row * n + col]! + 1e-300
            #expect(abs(fd - analytic) <= tolerance,
                    "\(label) \(control): ∂f[\(model.stateNames[row])]/∂\(model.stateNames[col]) = \(analytic), FD \(fd)")
        }
    }

    @Test(arguments: cathodes)
    func jacobianMatchesFiniteDifferencesForEverySubmodelCombination(cathode: String) throws {
        for id in Self.electrolytes {
            for singleIon in [false, true] {
                let design = try Self.design(id, cathode, singleIon: singleIon)
                for (aging, block) in [(true, true), (true, false), (false, false)] {
                    let model = try FullCellModel(design: design, temperature_K: Self.temperature_K(design.electrolyte), aging: aging)
                    model.agingRowsInJacobian = block
                    #expect((model.saltModes == nil) == singleIon)
                    // The S cathode's two-plateau table: solid modes small enough that x̄ + Σu stays on one plateau.
                    let y = Self.polarizedState(model, solidMode: cathode == "S" ? 1e-5 : 1e-3)
                    for control in Self.controls(model, y) {
                        Self.check(model, at: y, control: control,
                                   label: "\(id)|\(cathode)\(singleIon ? " single-ion" : "")\(aging ? "" : " aging off")\(block ? " aging block" : "")")
                    }
                }
            }
        }
    }

    @Test func aNonzeroAgingBlockIsChecked() throws {
        // The harness compares something: at CPCSE | LFP on charge the aging rows have nonzero partials in J (SEI, Li
        // lost, LAM, damage, voids) and in their own states (damage through the contact, voids).
        let design = try Self.design("CPCSE", "LFP", singleIon: false)
        let model = try FullCellModel(design: design, temperature_K: Self.temperature_K(design.electrolyte))
        model.agingRowsInJacobian = true
        let y = Self.polarizedState(model)
        let n = model.dimension
        model.configure(control: .voltage(V: Self.controls(model, y).compactMap { c -> Double? in
            if case .voltage(let v) = c { return v } else { return nil }
        }[0]), events: [], stepStartCharge_C_m2: 0)
        let dfdy = model.jacobianMatrix(at: y)
        for row in [model.iSEISquared, model.iLithium, model.iLithiumLost, model.iLAM, model.iDamage, model.iVoid] {
            #expect(dfdy[row * n + model.iMean] != 0, "∂f[\(model.stateNames[row])]/∂x̄ through J")
        }
        #expect(dfdy[model.iDamage * n + model.iVoid] > 0 && dfdy[model.iVoid * n + model.iVoid] < 0)
    }

    @Test func oxidationRowsMatchFiniteDifferencesInTheOxidationCharge() throws {
        // Li | CPCSE | NCM811 charged to the top of its window with the oxidation limit just above it: the CEI and the
        // oxidation charge grow with the potential-driven current, which the charge passed passivates.
        var design = try Fixtures.design(electrolyte: "CPCSE", cathode: "NCM811")
        design.electrolyte.oxidation.chargeParasiticFraction = 0
        design.electrolyte.electronicConductivity.referenceValue = 0
        design.electrolyte.oxidationLimit_V = design.cathode.maximumVoltage_V + 0.05
        let model = try FullCellModel(design: design, temperature_K: Self.temperature_K(design.electrolyte))
        model.agingRowsInJacobian = true
        var y = model.initialState(stateOfCharge: 0.95)
        y[model.iOxidation] = 50
        let j = -0.5 * design.currentDensity(cRate: 1)
        model.configure(control: .current(A_m2: j), events: [], stepStartCharge_C_m2: 0)
        let rate = y.withUnsafeBufferPointer { model.oxidationCurrent($0.baseAddress!, current: j) }
        #expect(rate > 1e-6 * abs(j), "i_ox \(rate) A/m²")
        Self.check(model, at: y, control: .current(A_m2: j), label: "CPCSE|NCM811 oxidation",
                   columns: [model.iOxidation], rows: [model.iCEI, model.iOxidation])
    }

    @Test func everyDeclaredKeyIsInTheKeyTables() throws {
        let design = try Fixtures.design(electrolyte: "CPCSE", cathode: "LFP")
        let model = try FullCellModel(design: design, temperature_K: 333.15)
        let electrolytePaths = Set(ElectrolyteKeys.all.map(\.path)), cathodePaths = Set(CathodeKeys.all.map(\.path))
        for s in model.agingSubmodels {
            let type = Swift.type(of: s)
            #expect(!type.electrolyteKeys.isEmpty, "\(type)")
            for k in type.electrolyteKeys { #expect(electrolytePaths.contains(k), "\(type): \(k)") }
            for k in type.cathodeKeys { #expect(cathodePaths.contains(k), "\(type): \(k)") }
        }
    }

    @Test func declaredStatesAreTheLayoutsAgingStatesAndReachTheTrace() throws {
        let design = try Fixtures.design(electrolyte: "CPCSE", cathode: "LFP")
        let model = try FullCellModel(design: design, temperature_K: 333.15)
        let declared = model.agingSubmodels.flatMap { s in zip(s.indices, s.states).map { ($0, $1) } }
        #expect(declared.map(\.0) == Array(model.agingRows))
        #expect(declared.map(\.1.name) == Array(model.layout.names[model.agingRows]))
        #expect(Set(model.layout.names).count == model.layout.count)
        #expect(model.agingIndices == Array(model.agingRows))
        // Li lost returns to the anode's Li; the anode's Li is no loss of its own.
        #expect(model.agingStateMechanisms.contains(AgingStateRole(model.iLithiumLost, .lithiumInventory, returnsTo: model.iLithium)))
        #expect(!model.agingStateMechanisms.contains { $0.index == model.iLithium })
        // A fresh cell and one cycled three times lie within every state's bounds, and the trace has every state.
        let fresh = model.initialState(stateOfCharge: 0)
        for (i, s) in declared { #expect(s.bounds.contains(fresh[i]), "\(s.name) = \(fresh[i])") }
        var o = SimulationOptions()
        o.recordTrace = true
        let sim = try Simulator(design: design, temperature_C: 60, options: o)
        let solution = try sim.run(try Experiment(steps: ["Charge at 1C until 3.8 V", "Discharge at 1C until 2.5 V"], cycles: 3))
        let end = Array(UnsafeBufferPointer(start: sim.integrator.y, count: sim.model.dimension))
        for (i, s) in declared { #expect(s.bounds.contains(end[i]), "\(s.name) = \(end[i])") }
        #expect(end[model.iLithiumLost] > 0 && end[model.iSEISquared] > fresh[model.iSEISquared])
        let header = try #require(SolutionReport.traceCSV(solution)?.split(separator: "\n").first).split(separator: ",").map(String.init)
        for name in model.layout.names { #expect(header.contains("state_" + name), "trace column of \(name)") }
        // Aging off: the electrical states only.
        o.aging = false
        let frozen = try Simulator(design: design, temperature_C: 60, options: o)
            .run(try Experiment(steps: ["Discharge at 1C until 2.5 V"], cycles: 1))
        let frozenHeader = try #require(SolutionReport.traceCSV(frozen)?.split(separator: "\n").first).split(separator: ",")
        #expect(frozenHeader.filter { $0.hasPrefix("state_") }.count == 3 + model.linearModes.count)
    }
}
