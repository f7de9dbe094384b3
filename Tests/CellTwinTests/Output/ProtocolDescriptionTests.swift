import Foundation
import Testing
@testable import CellTwin

/// The protocol in words that chart subtitles and reports carry.
@Suite struct ProtocolDescriptionTests {
    @Test("the protocol in words: rates, CV hold, window; a rate test lists its discharge rates; a profile is named")
    func protocolText() throws {
        let cccv = try Experiment.cccv(chargeRate: 0.5, dischargeRate: 1, minimumVoltage: 2.5, maximumVoltage: 3.8, cycles: 3)
        #expect(ProtocolDescription.text(cccv) == "charge 0.5C + CV to 3.8 V, discharge 1C to 2.5 V")
        let rate = Experiment(blocks: try [0.1, 0.5, 1].map { r in
            ExperimentBlock(steps: [try Step(parsing: "Charge at 0.1C until 3.8 V"), try Step(parsing: "Discharge at \(r)C until 2.5 V")])
        })
        #expect(ProtocolDescription.text(rate) == "charge 0.1C to 3.8 V, discharge 0.1C, 0.5C, 1C to 2.5 V")
        let profile = DriveProfile(time_s: [0, 10, 20], values: [1, -1, 0], quantity: .c_rate, file: "dir/pulses.csv")
        let withProfile = Experiment(blocks: [ExperimentBlock(steps: profile.steps(voltageLimits: [2.5, 3.8], run: 1))])
        #expect(ProtocolDescription.text(withProfile) == "measured profile pulses.csv within 2.5–3.8 V")
    }
}
