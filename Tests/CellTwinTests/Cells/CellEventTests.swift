import Foundation
import Testing
@testable import CellTwin

/// Each event describes itself (direction, tolerance, the integrator's event) and its g is zero where the event
/// happens: on a cell with a linear OCV (U = 4 − x) at rest, g of a voltage threshold is 4 − x̄ − threshold.
@Suite struct CellEventTests {
    @Test func theIntegratorsEventCarriesDirectionAndTolerances() {
        let e = CellEvent.chargePassed(C_m2: 500).odeEvent(id: 3, voltageTolerance_V: 1e-4, timeTolerance_s: 0.01)
        #expect(e.id == 3 && e.direction == .rising && abs(e.valueTolerance - 500e-9) < 1e-20 && e.timeTolerance == 0.01)
        let v = CellEvent.voltage(V: 2.5, direction: .falling).odeEvent(id: 0, voltageTolerance_V: 2e-4, timeTolerance_s: 1)
        #expect(v.direction == .falling && v.valueTolerance == 2e-4)
        #expect(CellEvent.voltageLimit(V: 5).valueTolerance(voltageTolerance_V: 3e-3) == 3e-3)
        #expect(CellEvent.cathodeSurfaceEmpty.direction == .falling && CellEvent.cathodeSurfaceFull.direction == .rising)
        #expect(CellEvent.sandOnset.direction == .falling && CellEvent.cathodeSaltDepleted.direction == .falling)
    }

    @Test func gIsZeroAtTheEventOnARestingLinearCell() throws {
        let design = CellDesign(cathode: Fixtures.linearCathode(), electrolyte: Fixtures.simpleElectrolyte(tPlus: 1))
        let model = try FullCellModel(design: design, temperature_K: 298.15)
        let y = model.initialState(stateOfCharge: 0.5)
        model.configure(control: .rest, events: [], stepStartCharge_C_m2: y[model.iCharge] - 40)
        let x = y[model.iMean]
        y.withUnsafeBufferPointer { p in
            let state = p.baseAddress!
            let ocv = 4 - x
            #expect(abs(CellEvent.voltage(V: 3.2, direction: .falling).value(in: model, state, at: 0) - (ocv - 3.2)) < 1e-9)
            // 40 C/m² passed since the step started: g = 40 − limit.
            #expect(abs(CellEvent.chargePassed(C_m2: 100).value(in: model, state, at: 0) - (40 - 100)) < 1e-9)
            // No current at rest.
            #expect(abs(CellEvent.currentBelow(A_m2: 0.2).value(in: model, state, at: 0) + 0.2) < 1e-12)
            #expect(CellEvent.lithiumExhausted.value(in: model, state, at: 0) > 0)
            // Half charged: the surface lies inside the cathode window, so both window events are away from zero.
            #expect(CellEvent.cathodeSurfaceFull.value(in: model, state, at: 0) < 0)
            #expect(CellEvent.cathodeSurfaceEmpty.value(in: model, state, at: 0) > 0)
        }
    }

    /// On the Li | E | Li cell the full cell's cathode and inventory events never fire: g keeps the sign away from
    /// its direction's crossing.
    @Test func theFullCellsEventsNeverFireOnTheSymmetricCell() throws {
        let model = try SymmetricCellModel(electrolyte: Fixtures.simpleElectrolyte(), temperature_K: 298.15)
        let y = [Double](repeating: 0, count: model.dimension)
        y.withUnsafeBufferPointer { p in
            for e in [CellEvent.cathodeSurfaceFull, .cathodeSurfaceEmpty, .lithiumExhausted, .cathodeSaltDepleted] {
                let g = e.value(in: model, p.baseAddress!)
                #expect(e.direction == .rising ? g < 0 : g > 0, "\(e): \(g)")
            }
        }
    }
}
