import Foundation
import Testing
@testable import CellTwin

/// Relative comparison for parsed SI values (unit conversions multiply by decimal factors).
private func close(_ a: Double, _ b: Double, relative: Double = 1e-12) -> Bool {
    a == b || abs(a - b) <= relative * max(abs(a), abs(b))
}

private func close(_ a: StepDrive, _ b: StepDrive) -> Bool {
    switch (a, b) {
    case let (.cRate(x), .cRate(y)), let (.currentDensity(x), .currentDensity(y)), let (.current(x), .current(y)),
         let (.power(x), .power(y)), let (.powerDensity(x), .powerDensity(y)), let (.voltage(x), .voltage(y)):
        return close(x, y)
    case (.rest, .rest): return true
    default: return false
    }
}

private func close(_ a: Termination, _ b: Termination) -> Bool {
    switch (a, b) {
    case let (.voltage(x), .voltage(y)), let (.cRate(x), .cRate(y)), let (.currentDensity(x), .currentDensity(y)),
         let (.current(x), .current(y)), let (.charge(x), .charge(y)), let (.arealCharge(x), .arealCharge(y)),
         let (.specificCharge(x), .specificCharge(y)), let (.duration(x), .duration(y)):
        return close(x, y)
    default: return false
    }
}

private func close(_ a: [Termination], _ b: [Termination]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { close($0, $1) }
}

struct StepParserGoodCase: Sendable, CustomTestStringConvertible {
    let text: String
    let kind: StepKind
    let drive: StepDrive
    let terminations: [Termination]
    var testDescription: String { "\"\(text)\"" }
    init(_ text: String, _ kind: StepKind, _ drive: StepDrive, _ terminations: [Termination]) {
        self.text = text
        self.kind = kind
        self.drive = drive
        self.terminations = terminations
    }
}

@Suite("StepParser")
struct StepParserTests {

    static let good: [StepParserGoodCase] = [
        // The examples from the brief and from ExperimentError.validExamples.
        StepParserGoodCase("Discharge at 0.5C until 2.5 V", .discharge, .cRate(0.5), [.voltage(2.5)]),
        StepParserGoodCase("Charge at 0.2 mA/cm2 until 3.8 V", .charge, .currentDensity(2), [.voltage(3.8)]),   // 1 mA/cm² = 10 A/m²
        StepParserGoodCase("Hold at 3.8 V until C/20", .hold, .voltage(3.8), [.cRate(0.05)]),
        StepParserGoodCase("Rest for 10 minutes", .rest, .rest, [.duration(600)]),
        StepParserGoodCase("Discharge at 1 mA for 2 hours or until 2.5 V", .discharge, .current(1e-3), [.duration(7200), .voltage(2.5)]),
        StepParserGoodCase("Charge at C/10 for 5 hours or until 4.3 V", .charge, .cRate(0.1), [.duration(18_000), .voltage(4.3)]),
        StepParserGoodCase("Discharge at 5 mW/cm2 until 2.8 V", .discharge, .powerDensity(50), [.voltage(2.8)]),   // 1 mW/cm² = 10 W/m²
        StepParserGoodCase("Charge at 0.1 mA/cm2 until 0.5 mAh/cm2", .charge, .currentDensity(1), [.arealCharge(18_000)]),   // 1 mAh/cm² = 3.6e4 C/m²
        StepParserGoodCase("Discharge at 2 A until 3 V", .discharge, .current(2), [.voltage(3)]),
        StepParserGoodCase("Rest for 1 hour", .rest, .rest, [.duration(3600)]),
        StepParserGoodCase("Hold at 4.2 V until 50 uA", .hold, .voltage(4.2), [.current(50e-6)]),
        // Case-insensitivity.
        StepParserGoodCase("DISCHARGE AT 0.5c UNTIL 2.5 v", .discharge, .cRate(0.5), [.voltage(2.5)]),
        StepParserGoodCase("charge at c/10 FOR 5 HOURS OR UNTIL 4.3 V", .charge, .cRate(0.1), [.duration(18_000), .voltage(4.3)]),
        StepParserGoodCase("hold AT 3.8 v Until c/20", .hold, .voltage(3.8), [.cRate(0.05)]),
        StepParserGoodCase("rEsT fOr 10 MiNuTeS", .rest, .rest, [.duration(600)]),
        StepParserGoodCase("Charge at 0.2 MA/CM2 until 3.8 V", .charge, .currentDensity(2), [.voltage(3.8)]),
        // Other units and spellings.
        StepParserGoodCase("Discharge at C until 3 V", .discharge, .cRate(1), [.voltage(3)]),
        StepParserGoodCase("Discharge at 2C until 2500 mV", .discharge, .cRate(2), [.voltage(2.5)]),
        StepParserGoodCase("Discharge at 1 W until 2.5 V", .discharge, .power(1), [.voltage(2.5)]),
        StepParserGoodCase("Discharge at 250 mW until 2.5 V", .discharge, .power(0.25), [.voltage(2.5)]),
        StepParserGoodCase("Discharge at 20 W/m2 until 2.5 V", .discharge, .powerDensity(20), [.voltage(2.5)]),
        StepParserGoodCase("Charge at 10 A/m2 until 4 V", .charge, .currentDensity(10), [.voltage(4)]),
        StepParserGoodCase("Charge at 0.001 A/cm2 until 4 V", .charge, .currentDensity(10), [.voltage(4)]),
        StepParserGoodCase("Charge at 20 uA/cm2 until 4 V", .charge, .currentDensity(0.2), [.voltage(4)]),
        StepParserGoodCase("Charge at 20 \u{00B5}A/cm2 until 4 V", .charge, .currentDensity(0.2), [.voltage(4)]),
        StepParserGoodCase("Charge at 0.2 mA/cm\u{00B2} until 3.8 V", .charge, .currentDensity(2), [.voltage(3.8)]),
        StepParserGoodCase("Charge at 0.2 mA cm2 until 3.8 V", .charge, .currentDensity(2), [.voltage(3.8)]),
        StepParserGoodCase("Discharge at 1e-3 A until 2.5 V", .discharge, .current(1e-3), [.voltage(2.5)]),
        StepParserGoodCase("Discharge at 2.5E+1 mA until 2.5 V", .discharge, .current(0.025), [.voltage(2.5)]),
        StepParserGoodCase("Discharge at .5C until 2.5V", .discharge, .cRate(0.5), [.voltage(2.5)]),
        StepParserGoodCase("Charge at 1C until 4.2 V or 2 hours", .charge, .cRate(1), [.voltage(4.2), .duration(7200)]),
        StepParserGoodCase("Charge at 1C until 1 Ah", .charge, .cRate(1), [.charge(3600)]),
        StepParserGoodCase("Charge at 1C until 2 mAh", .charge, .cRate(1), [.charge(7.2)]),
        StepParserGoodCase("Charge at 1C until 150 mAh/g", .charge, .cRate(1), [.specificCharge(540_000)]),   // 1 mAh/g = 3600 C/kg
        StepParserGoodCase("Hold at 4.2 V until 0.05 mA/cm2", .hold, .voltage(4.2), [.currentDensity(0.5)]),
        StepParserGoodCase("Hold at 4.2 V for 1 hour or until C/50", .hold, .voltage(4.2), [.duration(3600), .cRate(0.02)]),
        StepParserGoodCase("Hold at 4.2 V until 0.05C", .hold, .voltage(4.2), [.cRate(0.05)]),
        StepParserGoodCase("Rest for 30 s", .rest, .rest, [.duration(30)]),
        StepParserGoodCase("Rest for 90 seconds", .rest, .rest, [.duration(90)]),
        StepParserGoodCase("Rest for 1.5 h", .rest, .rest, [.duration(5400)]),
        StepParserGoodCase("Rest for 2 days", .rest, .rest, [.duration(172_800)]),
        StepParserGoodCase("Rest for 5 min", .rest, .rest, [.duration(300)]),
        StepParserGoodCase("  Rest   for 10 minutes  ", .rest, .rest, [.duration(600)]),
    ]

    @Test("parses good step strings into SI values", arguments: good)
    func parsesGoodStrings(good: StepParserGoodCase) throws {
        let step = try Step(parsing: good.text)
        #expect(step.kind == good.kind)
        #expect(close(step.drive, good.drive), "drive \(step.drive), expected \(good.drive)")
        #expect(close(step.terminations, good.terminations),
                "terminations \(step.terminations), expected \(good.terminations)")
        #expect(step.text == good.text)
        #expect(step.description == good.text)
    }

    static let exponentCases: [StepParserGoodCase] = [
        StepParserGoodCase("Charge at 0.2 mA cm-2 until 3.8 V", .charge, .currentDensity(2), [.voltage(3.8)]),
        StepParserGoodCase("Discharge at 5 mW cm-2 until 2.8 V", .discharge, .powerDensity(50), [.voltage(2.8)]),
        StepParserGoodCase("Hold at 4.2 V until 0.05 mA cm-2", .hold, .voltage(4.2), [.currentDensity(0.5)]),
        StepParserGoodCase("Charge at 0.2 mA cm\u{00B2} until 3.8 V", .charge, .currentDensity(2), [.voltage(3.8)]),
        StepParserGoodCase("Charge at 10 A m-2 until 4 V", .charge, .currentDensity(10), [.voltage(4)]),
        StepParserGoodCase("Discharge at 20 W m-2 until 2.5 V", .discharge, .powerDensity(20), [.voltage(2.5)]),
        StepParserGoodCase("Charge at 0.2 mA cm² until 3.8 V", .charge, .currentDensity(2), [.voltage(3.8)]),
        StepParserGoodCase("Charge at 0.2 mA/cm-2 until 3.8 V", .charge, .currentDensity(2), [.voltage(3.8)]),
        StepParserGoodCase("Hold at 4.2 V until 50 μA", .hold, .voltage(4.2), [.current(50e-6)]),
    ]

    /// StepParser documents the exponent spellings "mA cm-2" and "m-2" (tokenizer comment).
    @Test("exponent spellings of area units (\"mA cm-2\", \"A m-2\")", arguments: exponentCases)
    func exponentSpellings(good: StepParserGoodCase) throws {
        let step = try Step(parsing: good.text)
        #expect(step.kind == good.kind)
        #expect(close(step.drive, good.drive), "drive \(step.drive), expected \(good.drive)")
        #expect(close(step.terminations, good.terminations),
                "terminations \(step.terminations), expected \(good.terminations)")
    }

    @Test("every example in ExperimentError.validExamples parses")
    func validExamplesParse() throws {
        for example in ExperimentError.validExamples {
            _ = try Step(parsing: example)
        }
        #expect(ExperimentError.validExamples.count >= 8)
    }

    @Test("duration_s is the shortest duration limit, if any")
    func durationLimit() throws {
        #expect(try Step(parsing: "Discharge at 1 mA for 2 hours or until 2.5 V").duration_s == 7200)
        #expect(try Step(parsing: "Discharge at 0.5C until 2.5 V").duration_s == nil)
        #expect(try Step(parsing: "Charge at 1C for 3 hours or until 4.2 V or 90 minutes").duration_s == 5400)
    }

    static let bad: [String] = [
        "",
        "   ",
        "Dance at 1C",
        "Discharge 0.5C until 2.5 V",
        "Discharge at 0.5C",
        "Discharge at -1C until 2.5 V",
        "Discharge at 0C until 2.5 V",
        "Discharge at 1 furlong until 2 V",
        "Hold at 1C until C/20",
        "Rest until 3 V",
        "Discharge at 1C until 2.5 V please",
        "Discharge at nanC until 2.5 V",
        "Discharge at 1e999C until 2.5 V",
        "Discharge at 1C until 2.5",
        "Discharge at 1C until",
        "Discharge at 1C until 2.5 V or",
        "Discharge at until 2.5 V",
        "Charge at C/0 until 4.2 V",
        "Charge at C/-5 until 4.2 V",
        "Charge at 4 V until 4.2 V",
        "Charge at 1C until 5 W",
        "Hold at 4.2 V until 4.1 V",
        "Hold at 4.2 V",
        "Rest for -5 minutes",
        "Rest for 10 minutes until 3 V",
        "Rest",
        "Rest for ten minutes",
        "Discharge at 1C until 2.5 V.",
        "Discharge at 1.2.3C until 2.5 V",
        "Discharge at 1C until 2.5 V; Rest for 1 hour",
        "1C until 2.5 V",
        "Discharge at 0.5C until 2.5 V until 2.4 V",
    ]

    @Test("rejects bad step strings with ExperimentError.invalidStep quoting the string", arguments: bad)
    func rejectsBadStrings(text: String) {
        do {
            let step = try Step(parsing: text)
            Issue.record("\"\(text)\" parsed as \(step.kind) \(step.drive) \(step.terminations)")
        } catch let error as ExperimentError {
            guard case let .invalidStep(quoted, reason) = error else {
                Issue.record("expected invalidStep, got \(error)")
                return
            }
            #expect(quoted == text)
            #expect(!reason.isEmpty)
            let message = error.description
            #expect(message.contains("\"\(text)\""), "message does not quote the step: \(message)")
            for example in ExperimentError.validExamples {
                #expect(message.contains(example), "message does not list \"\(example)\"")
            }
        } catch {
            Issue.record("expected ExperimentError, got \(error)")
        }
    }

    // MARK: Experiment

    @Test("Experiment(steps:cycles:) builds one repeated block")
    func experimentBlock() throws {
        let texts = ["Charge at 0.5C until 4.2 V", "Hold at 4.2 V until C/20", "Discharge at 1C until 2.5 V"]
        let experiment = try Experiment(steps: texts, cycles: 4)
        #expect(experiment.blocks.count == 1)
        #expect(experiment.blocks[0].repeatCount == 4)
        #expect(experiment.cycleCount == 4)
        #expect(experiment.blocks[0].steps == (try texts.map(Step.init(parsing:))))
    }

    @Test("Experiment rejects fewer than one cycle", arguments: [0, -1, -100])
    func experimentRejectsCycles(cycles: Int) {
        #expect(throws: ExperimentError.invalidCycleCount(cycles)) {
            _ = try Experiment(steps: ["Rest for 1 hour"], cycles: cycles)
        }
    }

    @Test("Experiment rejects an empty step list")
    func experimentRejectsEmpty() {
        #expect(throws: ExperimentError.empty) {
            _ = try Experiment(steps: [], cycles: 1)
        }
        #expect(ExperimentError.empty.description.contains("at least one step"))
        #expect(ExperimentError.invalidCycleCount(0).description.contains("got 0"))
    }

    @Test("Experiment rethrows the first bad step")
    func experimentRejectsBadStep() {
        #expect {
            _ = try Experiment(steps: ["Rest for 1 hour", "Dance at 1C", "Jump"], cycles: 2)
        } throws: { error in
            guard case .invalidStep(let text, _)? = error as? ExperimentError else { return false }
            return text == "Dance at 1C"
        }
    }

    @Test("cycleCount sums the blocks")
    func cycleCountSumsBlocks() throws {
        let a = ExperimentBlock(steps: [try Step(parsing: "Rest for 1 hour")], repeatCount: 3)
        let b = ExperimentBlock(steps: [try Step(parsing: "Discharge at 1C until 3 V")], repeatCount: 2)
        #expect(Experiment(blocks: [a, b]).cycleCount == 5)
        #expect(ExperimentBlock(steps: []).repeatCount == 1)
    }

    @Test("cccv without rests builds charge, hold, discharge")
    func cccvThreeSteps() throws {
        let e = try Experiment.cccv(chargeRate: 0.5, dischargeRate: 1, minimumVoltage: 2.5, maximumVoltage: 4.2, cycles: 3)
        #expect(e.cycleCount == 3)
        let steps = try #require(e.blocks.first?.steps)
        #expect(e.blocks.count == 1)
        try #require(steps.count == 3)
        #expect(steps.map(\.kind) == [.charge, .hold, .discharge])
        #expect(close(steps[0].drive, .cRate(0.5)) && close(steps[0].terminations, [.voltage(4.2)]))
        #expect(close(steps[1].drive, .voltage(4.2)) && close(steps[1].terminations, [.cRate(0.05), .duration(7200)]))
        #expect(close(steps[2].drive, .cRate(1)) && close(steps[2].terminations, [.voltage(2.5)]))
        // The generated text parses back to the same step.
        for step in steps { #expect(try Step(parsing: step.text) == step) }
    }

    @Test("cccv with rests builds five steps with the rest duration in seconds")
    func cccvFiveSteps() throws {
        let e = try Experiment.cccv(chargeRate: 1.0 / 3, dischargeRate: 2, minimumVoltage: 3.0, maximumVoltage: 4.35,
                                    cutoffCRate: 0.02, restMinutes: 7.5, cycles: 10)
        #expect(e.cycleCount == 10)
        let steps = try #require(e.blocks.first?.steps)
        try #require(steps.count == 5)
        #expect(steps.map(\.kind) == [.charge, .hold, .rest, .discharge, .rest])
        // "%g" keeps 6 significant digits.
        if case .cRate(let r) = steps[0].drive { #expect(abs(r - 1.0 / 3) <= 1e-6) } else { Issue.record("\(steps[0].drive)") }
        #expect(close(steps[0].terminations, [.voltage(4.35)]))
        #expect(close(steps[1].drive, .voltage(4.35)) && close(steps[1].terminations, [.cRate(0.02), .duration(7200)]))
        #expect(close(steps[2].terminations, [.duration(450)]) && steps[2].drive == .rest)
        #expect(close(steps[3].drive, .cRate(2)) && close(steps[3].terminations, [.voltage(3.0)]))
        #expect(close(steps[4].terminations, [.duration(450)]))
    }

    @Test("cccv handles the smallest and largest rates of the range, and refuses rates beyond it")
    func cccvExponentNotation() throws {
        // The ends of the C-rate range (InputLimit.cRate): 1e-3 and 50, written as 0.001 and 50 by %g.
        let e = try Experiment.cccv(chargeRate: 1e-3, dischargeRate: 50, minimumVoltage: 2.5, maximumVoltage: 4.2,
                                    cutoffCRate: 1.5e-3, cycles: 1)
        let steps = e.blocks[0].steps
        #expect(close(steps[0].drive, .cRate(1e-3)))
        #expect(close(steps[1].terminations, [.cRate(1.5e-3), .duration(7200)]))
        #expect(close(steps[2].drive, .cRate(50)))
        // Beyond the range: refused with the limit.
        #expect { _ = try Experiment.cccv(chargeRate: 1e-5, dischargeRate: 2e6, minimumVoltage: 2.5, maximumVoltage: 4.2,
                                          cutoffCRate: 1e-7, cycles: 1) } throws: { "\($0)".contains("0.001…50 C") }
    }

    @Test("cccv rejects 0 cycles and a non-positive rate")
    func cccvRejects() {
        #expect(throws: ExperimentError.invalidCycleCount(0)) {
            _ = try Experiment.cccv(chargeRate: 0.5, dischargeRate: 1, minimumVoltage: 2.5, maximumVoltage: 4.2, cycles: 0)
        }
        #expect(throws: ExperimentError.self) {
            _ = try Experiment.cccv(chargeRate: 0, dischargeRate: 1, minimumVoltage: 2.5, maximumVoltage: 4.2, cycles: 1)
        }
    }
}
