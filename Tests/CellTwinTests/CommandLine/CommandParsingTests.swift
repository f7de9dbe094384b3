import ArgumentParser
import Foundation
import Testing
@testable import CellTwinCLI

/// Every subcommand's arguments parsed in process (no subprocess, no model files): valid options give the typed
/// values, a bad value is refused naming its option and limit, a repeated option and an unknown option are refused.
@Suite struct CommandParsingTests {
    /// One subcommand: arguments that parse, a check of what they parse to, and a bad value with the words its
    /// message must contain (the option and its limit).
    struct Case: CustomStringConvertible, Sendable {
        var valid: [String]
        var parsed: @Sendable (ParsableCommand) -> Bool
        var bad: [String]?
        var badMessage: [String]
        var description: String { valid.prefix(2).joined(separator: " ") }
    }

    static func parse(_ arguments: [String]) throws -> ParsableCommand { try CellTwinCommand.parseChecked(arguments) }

    /// The message the command line prints for arguments that do not parse ("" when they parse).
    static func message(_ arguments: [String]) -> String {
        do { _ = try parse(arguments); return "" } catch { return CellTwinCommand.message(for: error) }
    }

    /// Equal to 12 significant digits (lab units converted through SI).
    static func close(_ x: Double?, _ y: Double) -> Bool { x.map { abs($0 - y) <= 1e-12 * abs(y) } ?? false }

    static let cellOptions = ["--electrolyte", "CPCSE", "--cathode", "LFP", "--temperature", "333.15 K", "--c-rate", "C/2"]

    static let cases: [Case] = [
        Case(valid: ["run", "Scenarios/demo.toml", "--format", "json", "--trace"],
             parsed: { ($0 as? Run).map { $0.scenario == "Scenarios/demo.toml" && $0.common.format == .json && $0.trace && !$0.exact } ?? false },
             bad: ["run", "Scenarios/demo.toml", "--format", "xml"], badMessage: ["--format", "table", "csv", "json"]),
        Case(valid: ["simulate"] + cellOptions + ["--cycles", "3", "--cv-cutoff", "0"],
             parsed: { ($0 as? Simulate).map { close($0.cell.temperature, 60) && close($0.cell.cRate, 0.5) && $0.cycles == 3 && $0.cvCutoff == 0 } ?? false },
             bad: ["simulate"] + cellOptions + ["--cycles", "0"], badMessage: ["--cycles", "1…1000000"]),
        Case(valid: ["life"] + cellOptions + ["--until", "70%", "--max-cycles", "200", "--band", "linear"],
             parsed: { ($0 as? Life).map { $0.until == "70%" && $0.maxCycles == 200 && $0.bands.band == "linear" } ?? false },
             bad: ["life"] + cellOptions + ["--until", "150%"], badMessage: ["--until", "(0, 100] %"]),
        Case(valid: ["symmetric", "--electrolyte", "PHE", "--temperature", "60", "--current", "0.1 mA/cm2", "--capacity", "0.1",
                     "--hours", "2 days"],
             parsed: { ($0 as? Symmetric).map { close($0.current.density_mA_cm2, 0.1) && close($0.capacity.areal_mAh_cm2, 0.1) && close($0.hours, 48) } ?? false },
             bad: ["symmetric", "--electrolyte", "PHE", "--temperature", "60", "--current", "0.1", "--capacity", "0.1",
                   "--hours", "200000"], badMessage: ["--hours", "duration 200000 h is outside"]),
        Case(valid: ["polarize", "--electrolyte", "PHE", "--temperature", "60", "--dv", "10 mV"],
             parsed: { ($0 as? Polarize).map { $0.dv == "10 mV" && $0.hours == nil } ?? false },
             bad: ["polarize", "--electrolyte", "PHE", "--temperature", "60", "--dv", "7 V"], badMessage: ["--dv must lie in (0,"]),
        Case(valid: ["ccd", "--electrolyte", "PHE", "--temperature", "60", "--start", "50uA", "--step", "0.05", "--capacity", "0.25"],
             parsed: { ($0 as? CCD).map { close($0.start.cell_A, 50e-6) && close($0.step.density_mA_cm2, 0.05) && $0.cyclesPerStep == 1 } ?? false },
             bad: ["ccd", "--electrolyte", "PHE", "--temperature", "60", "--start", "0.05", "--step", "0.05", "--capacity", "0.25",
                   "--cycles-per-step", "0"], badMessage: ["--cycles-per-step", "1…1000000"]),
        Case(valid: ["eis", "--electrolyte", "PHE", "--temperature", "25", "--cell", "full", "--cathode", "LFP", "--soc", "0.3"],
             parsed: { ($0 as? EisSimulate).map { $0.cell == .full && $0.cathode == "LFP" && $0.soc == 0.3 } ?? false },
             bad: ["eis", "simulate", "--electrolyte", "PHE", "--temperature", "25", "--soc", "2"], badMessage: ["--soc must lie in 0–1"]),
        Case(valid: ["eis", "fit", "spectrum.csv", "--circuit", "R0-p(R1,C1)", "--weighting", "modulus", "--drop-inductive"],
             parsed: { ($0 as? EisFit).map { $0.data == "spectrum.csv" && $0.weighting == .modulus && $0.dropInductive } ?? false },
             bad: ["eis", "fit", "spectrum.csv", "--circuit", "R0", "--starts", "500"], badMessage: ["--starts must lie in 1–200"]),
        Case(valid: ["dqdv", "cycles.csv", "--cycles", "1,100", "--window-mv", "20"],
             parsed: { ($0 as? Dqdv).map { $0.file == "cycles.csv" && (try? $0.cycleList()) == [1, 100] && $0.window == 20 } ?? false },
             bad: ["dqdv", "cycles.csv", "--window-mv", "1"], badMessage: ["--window-mv must be at least 3 voltage steps and at most 500 mV"]),
        Case(valid: ["sweep", "--electrolyte", "CPCSE,PHE", "--cathode", "LFP", "--temperature", "0...60:20", "--shard", "2/3"],
             parsed: { ($0 as? Sweep).map { (try? $0.optionValues()[.temperature]?.count) == 4 && $0.shard == "2/3" } ?? false },
             bad: ["sweep", "--electrolyte", "CPCSE", "--cathode", "LFP", "--temperature", "0...300:100"], badMessage: ["temperature", "150"]),
        Case(valid: ["compare", "--electrolytes", "CPCSE,PHE", "--cathode", "LFP", "--temperature", "30,60", "--workers", "2"],
             parsed: { ($0 as? Compare).map { (try? $0.grid().temperatures) == [30, 60] && $0.study.workers == 2 } ?? false },
             bad: ["compare", "--electrolytes", "CPCSE", "--cathode", "LFP", "--temperature", "30", "--workers", "0"],
             badMessage: ["--workers must be at least 1"]),
        Case(valid: ["merge", "a.csv", "b.csv", "--metric", "capacity"],
             parsed: { ($0 as? Merge).map { $0.parts == ["a.csv", "b.csv"] && $0.metric == "capacity" } ?? false },
             bad: ["merge", "a.csv", "--metric", "capacity,lifetime"], badMessage: ["--metric", "unknown metric 'lifetime'", "retention"]),
        Case(valid: ["inspect", "cycles.csv", "--cell", "2", "--format", "csv"],
             parsed: { ($0 as? Inspect).map { $0.file == "cycles.csv" && $0.cell == 2 && $0.common.format == .csv } ?? false },
             bad: ["inspect", "cycles.csv", "--cell=-1"], badMessage: ["--cell must not be negative"]),
        Case(valid: ["forecast", "--data", "cells.csv", "--threshold", "880mAh", "--first", "50", "--model", "twin"],
             parsed: { ($0 as? Forecast).map { $0.first == 50 && $0.model == .twin && close((try? ForecastThreshold($0.threshold))?.capacity_Ah(reference: 0), 0.88) } ?? false },
             bad: ["forecast", "--data", "cells.csv", "--threshold", "80%", "--first", "5"], badMessage: ["--first must be at least 10"]),
        Case(valid: ["calibrate", "Calibration/CPCSE/fit.toml", "--no-model", "--format", "json"],
             parsed: { ($0 as? Calibrate).map { $0.fit == "Calibration/CPCSE/fit.toml" && $0.noModel && $0.common.format == .json } ?? false },
             bad: ["calibrate", "fit.toml", "--format", "csv"], badMessage: ["calibrate prints table or json"]),
        Case(valid: ["validate", "--electrolyte", "CPCSE", "--leave-one-out", "--workers", "2"],
             parsed: { ($0 as? Validate).map { $0.electrolyte == "CPCSE" && $0.leaveOneOut && $0.workers == 2 } ?? false },
             bad: ["validate", "--band", "wide"], badMessage: ["--band must be one of", "linear"]),
        Case(valid: ["list", "--format", "json"],
             parsed: { ($0 as? List).map { $0.display.format == .json } ?? false },
             bad: ["list", "--format", "yaml"], badMessage: ["--format", "table", "csv", "json"]),
        Case(valid: ["bench", "--cycles", "10", "--filter", "lfp", "--no-accuracy-guard"],
             parsed: { ($0 as? Bench).map { $0.cycles == 10 && $0.filter == "lfp" && !$0.accuracyGuard } ?? false },
             bad: ["bench", "--repeats", "0"], badMessage: ["--repeats", "0 is outside 1…1000"]),
        Case(valid: ["new", "electrolyte", "MY-GEL", "--family", "gel", "--from", "rows.csv", "--area", "2"],
             parsed: { ($0 as? NewElectrolyteCommand).map { $0.id == "MY-GEL" && $0.family == "gel" && $0.area == 2 } ?? false },
             bad: ["new", "electrolyte", "MY-GEL", "--family", "gel", "--from", "rows.csv", "--area", "0"],
             badMessage: ["--area must be a positive number"]),
        Case(valid: ["new", "measurements", "--electrolyte", "MY-GEL"],
             parsed: { ($0 as? NewMeasurements).map { $0.electrolyte == "MY-GEL" && $0.output == nil } ?? false },
             bad: nil, badMessage: []),
        Case(valid: ["new", "keys"], parsed: { $0 is NewKeys }, bad: nil, badMessage: []),
    ]

    @Test(arguments: cases) func validOptionsParseToTheirValues(_ c: Case) throws {
        let command = try Self.parse(c.valid)
        #expect(c.parsed(command), "\(c.valid.joined(separator: " ")) parsed to \(command)")
    }

    @Test(arguments: cases) func aBadValueNamesItsOptionAndLimit(_ c: Case) throws {
        guard let bad = c.bad else { return }
        let message = Self.message(bad)
        #expect(!message.isEmpty, "\(bad.joined(separator: " ")) parsed")
        for word in c.badMessage { #expect(message.contains(word), "\(bad.joined(separator: " ")): \(message)") }
    }

    @Test(arguments: cases) func aRepeatedOptionIsRefused(_ c: Case) throws {
        guard let option = c.valid.last(where: { $0.hasPrefix("--") }) else {
            #expect(c.valid == ["new", "keys"])
            return
        }
        let k = try #require(c.valid.lastIndex(of: option))
        let again = Array(c.valid[k...].prefix(option == c.valid.last ? 1 : 2))
        let message = Self.message(c.valid + again)
        #expect(message.contains("option \(option) is given more than once"), "\(message)")
    }

    @Test(arguments: cases) func anUnknownOptionIsNamed(_ c: Case) throws {
        let message = Self.message(c.valid + ["--temprature", "60"])
        #expect(message.contains("unknown option '--temprature'"), "\(message)")
    }

    /// `--help` parses to ArgumentParser's help command, whose run throws the request: it must end as ArgumentParser
    /// ends it (help on standard output, status 0), while a library error is printed as "error: …".
    @Test(arguments: [["--help"], ["simulate", "--help"], ["eis", "fit", "--help"], ["new", "keys", "--help"]])
    func helpIsPrintedByArgumentParser(_ arguments: [String]) throws {
        var command = try Self.parse(arguments)
        let error = try #require(throws: (any Error).self) { try command.run() }
        #expect(CellTwinCommand.endsAsArgumentParserEndsIt(error))
        #expect(CellTwinCommand.message(for: error).contains("USAGE: celltwin"))
        #expect(!CellTwinCommand.endsAsArgumentParserEndsIt(RunFailure("no constant-current charge")))
        #expect(CellTwinCommand.endsAsArgumentParserEndsIt(ExitCode.failure))
    }

    /// Every subcommand the root lists has a case here.
    @Test func everySubcommandHasACase() {
        func leaves(_ type: ParsableCommand.Type, _ path: [String]) -> [[String]] {
            let subs = type.configuration.subcommands
            if subs.isEmpty { return [path] }
            return subs.flatMap { leaves($0, path + [$0._commandName]) }
        }
        let covered = Set(Self.cases.map { c in
            CommandLineChecks.commandType(c.valid) == EisSimulate.self ? ["eis", "simulate"] : CommandLineChecks.commandPath(c.valid)
        })
        for path in leaves(CellTwinCommand.self, []) { #expect(covered.contains(path), "no parse case for \(path)") }
    }
}
