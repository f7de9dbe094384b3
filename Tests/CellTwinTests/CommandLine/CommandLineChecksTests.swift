import ArgumentParser
import Foundation
import Testing
@testable import CellTwinCLI

/// The checks on raw arguments that ArgumentParser does not make: option names and values, repeated and unknown
/// options, the subcommand path and the `--output` folder of a parsed command.
@Suite struct CommandLineChecksTests {
    @Test func optionNamesStopAtTheTerminatorAndDropValues() {
        #expect(CommandLineChecks.optionNames(["simulate", "--c-rate=0.5", "--electrolyte", "X", "--", "--not-an-option"])
                == ["--c-rate", "--electrolyte"])
        #expect(CommandLineChecks.optionNames(["-v", "--", "--x"]).isEmpty)
    }

    @Test func valuesInBothSpellings() {
        #expect(CommandLineChecks.value(of: "--models", in: ["list", "--models", "M"]) == "M")
        #expect(CommandLineChecks.value(of: "--models", in: ["list", "--models=M2"]) == "M2")
        #expect(CommandLineChecks.value(of: "--models", in: ["list", "--models"]) == nil)
        #expect(CommandLineChecks.value(of: "--models", in: ["list", "--modelsX=1"]) == nil)
    }

    @Test func aRepeatedOptionIsNamed() {
        #expect(throws: Never.self) { try CommandLineChecks.refuseRepeatedOptions(["run", "--format", "json", "--trace"]) }
        do {
            try CommandLineChecks.refuseRepeatedOptions(["simulate", "--c-rate", "1", "--cathode", "LFP", "--c-rate=2"])
            Issue.record("a repeated option was accepted")
        } catch {
            #expect("\(error)" == "option --c-rate is given more than once; give it once")
        }
    }

    /// The subcommand path stops at the first argument that is not a subcommand; `eis` alone selects its default.
    @Test func theCommandPathAndTheSelectedCommand() {
        #expect(CommandLineChecks.commandPath(["eis", "fit", "x.csv", "--circuit", "R0"]) == ["eis", "fit"])
        #expect(CommandLineChecks.commandPath(["new", "keys"]) == ["new", "keys"])
        #expect(CommandLineChecks.commandPath(["--help"]).isEmpty)
        func selected(_ arguments: [String]) -> ObjectIdentifier { ObjectIdentifier(CommandLineChecks.commandType(arguments)) }
        #expect(selected(["eis", "fit"]) == ObjectIdentifier(EisFit.self))
        #expect(selected(["eis", "--electrolyte", "PHE"]) == ObjectIdentifier(EisSimulate.self))
        #expect(selected(["simulate"]) == ObjectIdentifier(Simulate.self))
        #expect(selected([]) == ObjectIdentifier(CellTwinCommand.self))
    }

    /// A misspelt option is named (from the command's help, so every real option and alias is known).
    @Test func theFirstUnknownOptionIsNamed() {
        #expect(CommandLineChecks.unknownOption(["simulate", "--electrolyte", "CPCSE", "--c-rat", "1", "--bogus"]) == "--c-rat")
        #expect(CommandLineChecks.unknownOption(["simulate", "--electrolyte", "CPCSE", "--cathode", "LFP", "--charge-rate", "1"]) == nil)
        #expect(CommandLineChecks.unknownOption(["--whatever"]) == nil)
    }

    /// The `--output` folder of a command with the common options, nil without it or for a command without them.
    @Test func theOutputFolderOfAParsedCommand() throws {
        let run = try CellTwinCommand.parseChecked(["run", "Scenarios/demo.toml", "--output", "out/dir"])
        #expect(CommandLineChecks.outputDirectory(of: run) == "out/dir")
        let noOutput = try CellTwinCommand.parseChecked(["run", "Scenarios/demo.toml"])
        #expect(CommandLineChecks.outputDirectory(of: noOutput) == nil)
        let list = try CellTwinCommand.parseChecked(["list"])
        #expect(CommandLineChecks.outputDirectory(of: list) == nil)
    }
}
