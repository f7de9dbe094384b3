import Foundation
import Testing
@testable import CellTwin

/// The messages of bad sweep inputs: each names the option or file at fault.
@Suite struct SweepErrorTests {
    @Test("every case names its option or file, and a value list shows how to write one unless told not to")
    func descriptions() {
        #expect(SweepError.invalidValues(name: "--temperature", text: "a", reason: "not a number").description
                == "--temperature 'a': not a number; write a list such as 0.1,0.2,0.5 or a range start...end:step such as 0...120:10")
        #expect(SweepError.invalidValues(name: "--cathode", text: "X", reason: "unknown", hint: false).description == "--cathode 'X': unknown")
        #expect(SweepError.invalidOption(name: "--cycles", reason: "must be positive").description == "--cycles: must be positive")
        #expect(SweepError.merge(file: "part-2.csv", reason: "another grid").description == "part-2.csv: another grid")
        #expect(SweepError.cancelled.description == "the sweep was cancelled")
    }
}
