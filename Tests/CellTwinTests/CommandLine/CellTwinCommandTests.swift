import ArgumentParser
import CellTwin
import Foundation
import Testing
@testable import CellTwinCLI

/// The root command parsed in process: its subcommands, the checks `parseChecked` adds to ArgumentParser's, which
/// errors print as ArgumentParser prints them, and the shared cell and output options.
@Suite struct CellTwinCommandTests {
    static func message(_ arguments: [String]) -> String {
        do { _ = try CellTwinCommand.parseChecked(arguments); return "" } catch { return CellTwinCommand.message(for: error) }
    }

    /// The subcommands `celltwin --help` lists (README "Commands").
    @Test func theSubcommands() {
        let names = CellTwinCommand.configuration.subcommands.map { $0._commandName }
        #expect(names == ["run", "simulate", "life", "symmetric", "polarize", "ccd", "eis", "dqdv", "sweep", "compare", "merge",
                          "inspect", "forecast", "calibrate", "validate", "list", "bench", "new"])
        #expect(CellTwinCommand.configuration.commandName == "celltwin")
    }

    /// A repeated option is refused naming it; a misspelt option is named before the required options it hid.
    @Test func repeatedAndUnknownOptionsAreNamed() {
        #expect(Self.message(["list", "--format", "json", "--format", "csv"]) == "option --format is given more than once; give it once")
        let unknown = Self.message(["simulate", "--electrolyt", "CPCSE"])
        #expect(unknown.contains("unknown option '--electrolyt'") && unknown.contains("celltwin simulate --help"), "\(unknown)")
        #expect(!unknown.contains("Missing"), "\(unknown)")
    }

    /// Usage errors, exit codes and help end as ArgumentParser ends them; a failure of the run is printed by the command.
    @Test func whichErrorsArgumentParserPrints() {
        #expect(CellTwinCommand.endsAsArgumentParserEndsIt(ValidationError("x")))
        #expect(CellTwinCommand.endsAsArgumentParserEndsIt(ExitCode.success))
        #expect(CellTwinCommand.endsAsArgumentParserEndsIt(ExitCode(3)))
        #expect(!CellTwinCommand.endsAsArgumentParserEndsIt(RunFailure("the fit diverged")))
        #expect(!CellTwinCommand.endsAsArgumentParserEndsIt(InputError(file: "a.toml", line: 3, key: "k", message: "bad")))
        #expect(RunFailure("the fit diverged").description == "the fit diverged")
    }

    /// `--temperature 333.15 K` is 60 °C, `--c-rate C/2` is 0.5, `--loading 2 mg/cm2` is 2; the format and folder become
    /// the emit options.
    @Test func cellAndCommonOptions() throws {
        let cell = try CellOptions.parse(["--electrolyte", "CPCSE", "--cathode", "LFP", "--temperature", "333.15 K",
                                          "--c-rate", "C/2", "--loading", "2 mg/cm2"])
        #expect(abs(cell.temperature - 60) < 1e-12 && cell.cRate == 0.5 && cell.chargeRate == nil)
        #expect(abs((cell.loading ?? 0) - 2) < 1e-12)
        let design = try cell.design(Fixtures.models)
        #expect(abs(design.cathodeLoading_kg_m2 - 0.02) < 1e-15)   // 2 mg/cm² = 0.02 kg/m²
        let common = try CommonOptions.parse(["--format", "json", "--output", "out"])
        #expect(common.emitOptions.format == .json && common.emitOptions.directory == "out")
        #expect(try CommonOptions.parse([]).format == .table)
        do {
            _ = try CellOptions.parse(["--electrolyte", "E", "--cathode", "C", "--temperature", "200", "--c-rate", "1"])
            Issue.record("200 °C was accepted")
        } catch {
            let bad = CellOptions.message(for: error)
            #expect(bad.contains("--temperature") && bad.contains("150"), "\(bad)")
        }
    }
}
