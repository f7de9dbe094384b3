import Foundation
import Testing
@testable import CellTwin

/// The text of how steps, runs and sweep points end, in lab units, and the sweep's reading of its own text back.
@Suite struct EndTextTests {
    /// Event reasons in lab units: 0.1 A/m² is 0.01 mA/cm², 360 C/m² is 0.01 mAh/cm².
    @Test func eventReasonsInLabUnits() {
        #expect(CellEvent.voltage(V: 2.5, direction: .falling).reason == "voltage 2.5 V")
        #expect(CellEvent.voltage(V: 3.65432, direction: .rising).reason == "voltage 3.654 V")
        #expect(CellEvent.currentBelow(A_m2: 0.1).reason == "current 0.01 mA/cm2")
        #expect(CellEvent.chargePassed(C_m2: 360).reason == "capacity 0.01 mAh/cm2")
        #expect(CellEvent.shortCircuit.reason == "short circuit" && CellEvent.sandOnset.reason == "Sand onset")
        #expect(CellEvent.voltageLimit(V: 5).reason == "voltage limit")
    }

    @Test func stepAndRunEnds() {
        #expect(StepEnd.duration.description == "time" && StepEnd.safetyLimit.description == "time limit (safety)")
        #expect(StepEnd.event(.lithiumExhausted).description == "lithium exhausted")
        #expect(RunEnd.retentionBelow(fraction: 0.8).description == "retention below 80 %")
        #expect(RunEnd.shortCircuit(cycle: 12).description == "short circuit")
        #expect(RunEnd.completed.description == "completed" && RunEnd.maximumCycles.description == "maximum cycles")
        let c = CycleSummary(cycle: 1, chargeCapacity_C_m2: 0, dischargeCapacity_C_m2: 1, chargeEnergy_J_m2: 0,
                             dischargeEnergy_J_m2: 1, duration_s: 1, chargeEnd: nil, dischargeEnd: .event(.cathodeSurfaceFull),
                             steps: [])
        #expect(c.chargeEndReason == "" && c.dischargeEndReason == "cathode fully lithiated")
    }

    /// Every sweep end reads back from its text; a text no sweep writes reads as nil.
    @Test func sweepEndsReadBackFromTheirText() {
        let ends: [SweepEnd] = [.completed, .endOfExperiment, .maximumCycles, .shortCircuit, .retentionBelow(fraction: 0.75),
                                .outsideRange, .noCapacity, .failed("the solver: step size too small")]
        for e in ends { #expect(SweepEnd(reported: e.description) == e, "\(e.description)") }
        #expect(SweepEnd.retentionBelow(fraction: 0.75).description == "retention below 75 %")
        for text in ["", "retention below x %", "failed", "Completed", "retention below 80"] {
            #expect(SweepEnd(reported: text) == nil, "\(text)")
        }
        #expect(SweepOutcome.completed.label == nil && SweepOutcome.short.label == "short circuit")
    }
}
