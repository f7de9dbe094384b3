import ArgumentParser
import CellTwin
import Foundation

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time fixed workloads in-process and print JSON (build with -c release).")

    @Option(help: "Cycles per workload.")
    var cycles: Int = 500

    @Option(help: "Only workloads whose name contains this text.")
    var filter: String?

    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard cycles >= 1 else { throw ValidationError("--cycles must be at least 1") }
    }

    func run() throws {
        do {
            let library = try common.library()
            let report = try Benchmarks.run(library: library, cycles: cycles, filter: filter)
            print(try SolutionReport.json(report), terminator: "")
        } catch let e as ExitCode { throw e } catch { throw fail(error) }
    }
}
