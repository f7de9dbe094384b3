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

    /// At the point of the model's last right-hand side (same t and x̄, the modes advanced exactly, no aging states) the
    /// events read the sums and the voltage it evaluated: every event's g there equals, to the last bit, g on an
    /// identical model that evaluated nothing at that point, on charge and discharge, at the stage times of a step and
    /// at x̄ moved off the point (where the model evaluates afresh); a new anchor at the same t forgets the point.
    @Test func eventValuesAtTheLastRightHandSidesPointEqualFreshOnes() throws {
        let design = try Fixtures.design(electrolyte: "CMP-VAMMT", cathode: "LFP")
        let events: [CellEvent] = [.voltage(V: 3.4, direction: .falling), .voltage(V: 3.5, direction: .rising),
                                   .currentBelow(A_m2: 0.1), .cathodeSurfaceFull, .cathodeSurfaceEmpty, .sandOnset,
                                   .cathodeSaltDepleted, .voltageLimit(V: 5), .chargePassed(C_m2: 100), .lithiumExhausted]
        for j in [design.currentDensity(cRate: 0.5), -design.currentDensity(cRate: 1)] {
            let memoised = try FullCellModel(design: design, temperature_K: 298.15, aging: false)
            let fresh = try FullCellModel(design: design, temperature_K: 298.15, aging: false)
            var y = memoised.initialState(stateOfCharge: 0.5)
            // The initial state also fixes the anode's Li of a cell without aging states (the Li event reads it).
            #expect(fresh.initialState(stateOfCharge: 0.5) == y)
            var dydt = [Double](repeating: 0, count: memoised.dimension)
            for m in [memoised, fresh] {
                m.configure(control: .current(A_m2: j), events: events, stepStartCharge_C_m2: 0)
                #expect(m.anchorLinearModes(t: 0, y: y))
            }
            var points = 0
            for (t, shift) in [(0.0, 0.0), (2.5, 0.0), (3.75, 1e-6), (9.230769, 0.0), (10, 0.0), (5, -2e-5), (10, 0.0)] {
                y[memoised.iMean] += shift
                #expect(memoised.derivatives(t: t, y: y, dydt: &dydt))
                #expect(memoised.isLastPoint(y, at: t))
                for probe in [0.0, 1e-9] {
                    y[memoised.iMean] += probe
                    #expect(memoised.isLastPoint(y, at: t) == (probe == 0))
                    for (id, e) in events.enumerated() {
                        let g = memoised.eventValue(id, t: t, y: y), expected = fresh.eventValue(id, t: t, y: y)
                        #expect(g.bitPattern == expected.bitPattern, "\(e) at t = \(t), J = \(j): \(g) against \(expected)")
                    }
                    y[memoised.iMean] -= probe
                    points += 1
                }
            }
            #expect(points == 14)
            // Anchored again at t = 10 (the modes written there): the point of the old anchor is forgotten.
            for m in [memoised, fresh] { #expect(m.advanceLinearModes(to: 10, y: &y)) }
            #expect(!memoised.isLastPoint(y, at: 10))
            for id in events.indices {
                #expect(memoised.eventValue(id, t: 10, y: y).bitPattern == fresh.eventValue(id, t: 10, y: y).bitPattern)
            }
        }
        // With aging states the voltage reads them too: no point is kept.
        let aging = try FullCellModel(design: design, temperature_K: 298.15, aging: true)
        let y = aging.initialState(stateOfCharge: 0.5)
        var dydt = [Double](repeating: 0, count: aging.dimension)
        aging.configure(control: .current(A_m2: 10), events: events, stepStartCharge_C_m2: 0)
        #expect(aging.anchorLinearModes(t: 0, y: y))
        #expect(aging.derivatives(t: 1, y: y, dydt: &dydt))
        #expect(!aging.isLastPoint(y, at: 1))
    }
}
