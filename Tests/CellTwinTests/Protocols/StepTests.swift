import Foundation
import Testing
@testable import CellTwin

/// Steps, blocks and experiments: the duration limit of a step, the cycle count, the standard CC–CV cycle, and the
/// errors that name what is wrong.
@Suite struct StepTests {
    @Test func theDurationLimitIsTheShortestDuration() throws {
        #expect(Step.discharge(.cRate(1), until: .duration(600), .voltage(2.5), .duration(300)).duration_s == 300)
        #expect(Step.discharge(.cRate(1), until: .voltage(2.5)).duration_s == nil)
        #expect(try Step(parsing: "Discharge at 1 mA for 2 hours or until 2.5 V").duration_s == 7200)
    }

    /// The cycle count is the sum of the blocks' repeats.
    @Test func theCycleCountSumsTheBlocks() throws {
        let rest = Step.rest(for: 1)
        #expect(Experiment(blocks: [ExperimentBlock(steps: [rest], repeatCount: 3), ExperimentBlock(steps: [rest])]).cycleCount == 4)
        #expect(try Experiment(steps: ["Rest for 1 minute"], cycles: 7).cycleCount == 7)
    }

    /// CC–CV: charge to V_max, hold to C/20 for at most 2 h, discharge to V_min; rests only when asked for.
    @Test func theStandardCCCVCycle() throws {
        let plain = try Experiment.cccv(chargeRate: 0.5, dischargeRate: 1, minimumVoltage: 2.5, maximumVoltage: 3.8, cycles: 2)
        #expect(plain.cycleCount == 2)
        let steps = try #require(plain.blocks.first?.steps)
        #expect(steps.map(\.kind) == [.charge, .hold, .discharge])
        #expect(steps[0].drive == .cRate(0.5) && steps[0].terminations == [.voltage(3.8)])
        #expect(steps[1].drive == .voltage(3.8) && steps[1].terminations == [.cRate(0.05), .duration(7200)])
        #expect(steps[2].drive == .cRate(1) && steps[2].terminations == [.voltage(2.5)])
        let withRests = try Experiment.cccv(chargeRate: 0.5, dischargeRate: 1, minimumVoltage: 2.5, maximumVoltage: 3.8,
                                            cutoffCRate: 0.1, restMinutes: 10, cycles: 1)
        let rested = try #require(withRests.blocks.first?.steps)
        #expect(rested.map(\.kind) == [.charge, .hold, .rest, .discharge, .rest])
        #expect(rested[2].duration_s == 600 && rested[4].duration_s == 600)
        #expect(rested[1].terminations.first == .cRate(0.1))
    }

    /// No cycles, no steps and an unreadable step are refused; the message names the count or the text, and every
    /// example it offers parses.
    @Test func badExperimentsAreRefusedWithReadableMessages() throws {
        #expect(throws: ExperimentError.invalidCycleCount(0)) { try Experiment(steps: ["Rest for 1 minute"], cycles: 0) }
        #expect(ExperimentError.invalidCycleCount(0).description == "the number of cycles must be at least 1, got 0")
        #expect(throws: ExperimentError.empty) { try Experiment(steps: [], cycles: 1) }
        do {
            _ = try Experiment(steps: ["Dance at 1C"])
            Issue.record("an unreadable step was accepted")
        } catch let e as ExperimentError {
            #expect(e.description.contains("\"Dance at 1C\"") && e.description.contains("Valid steps look like"), "\(e)")
        }
        for example in ExperimentError.validExamples {
            let step = try Step(parsing: example)
            #expect(step.description == example)
        }
    }
}
