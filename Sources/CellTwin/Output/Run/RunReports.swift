import Foundation

/// The files of a run (`simulate`, or a scenario with cycling runs): cycles.csv, result.json, the trace of each
/// recorded solution (trace.csv, or trace-<T>C.csv for several) and the run charts.
func runFiles(solutions: [Solution], runs: [RunRecord], plotCycles: [Int], comparisons: [Comparison] = [],
              json: String) -> [ReportFile] {
    var files = [ReportFile("cycles.csv", SolutionReport.cyclesCSV(runs)), ReportFile("result.json", json)]
    for s in solutions {
        if let trace = SolutionReport.traceCSV(s) {
            files.append(ReportFile(solutions.count > 1 ? String(format: "trace-%gC.csv", s.temperature_C) : "trace.csv", trace))
        }
    }
    files += Charts.solutionCharts(solutions: solutions, plotCycles: plotCycles, comparisons: comparisons).map { ReportFile($0.0, $0.1) }
    return files
}

/// `celltwin simulate`: one CC–CV run.
public struct SimulationReport: Report {
    public let solution: Solution
    public let record: RunRecord

    /// - Parameter record: the run's record when built already (e.g. with prediction bands); nil: from `solution`.
    public init(_ solution: Solution, record: RunRecord? = nil) {
        self.solution = solution
        self.record = record ?? RunRecord(solution)
    }

    public func files() throws -> [ReportFile] { runFiles(solutions: [solution], runs: [record], plotCycles: [], json: try json()) }
    public func table() -> String { SolutionReport.table(record) }
    public func csv() -> String { SolutionReport.cyclesCSV([record]) }
    public func json() throws -> String { try SolutionReport.json(record) }
    public var tableNamesOutputFolder: Bool { false }
}

/// JSON of `celltwin run`.
struct ScenarioOutput: Encodable {
    var scenario: String
    var runs: [RunRecord]
    var lifetimes: [LifeRecord]
    var expected: [Comparison]
}

/// `celltwin run`: a scenario's cycling runs, lifetime runs and comparisons with its expected values.
public struct ScenarioReport: Report {
    public let scenario: Scenario
    public let result: Scenario.Result
    public let runs: [RunRecord]
    public let lives: [LifeRecord]

    /// - Parameters runs, lives: the records when built already (e.g. with prediction bands); nil: from `result`.
    public init(_ scenario: Scenario, _ result: Scenario.Result, runs: [RunRecord]? = nil, lives: [LifeRecord]? = nil) {
        self.scenario = scenario
        self.result = result
        self.runs = runs ?? result.solutions.map(RunRecord.init)
        self.lives = lives ?? result.lives.map(LifeRecord.init)
    }

    public func json() throws -> String {
        try SolutionReport.json(ScenarioOutput(scenario: scenario.name, runs: runs, lifetimes: lives, expected: result.comparisons))
    }

    public func files() throws -> [ReportFile] {
        if !runs.isEmpty {
            return runFiles(solutions: result.solutions, runs: runs, plotCycles: scenario.plotCycles, comparisons: result.comparisons,
                            json: try json())
        }
        var files = [ReportFile("result.json", try json())]
        for life in lives {
            let suffix = lives.count > 1 ? String(format: "-%gC", life.temperature_C) : ""
            files.append(ReportFile("life\(suffix).csv", LifeReport.csv(life)))
            for (name, svg) in LifeReport.charts(life) {
                files.append(ReportFile(name.replacingOccurrences(of: ".svg", with: "\(suffix).svg"), svg))
            }
        }
        return files
    }

    public func csv() -> String {
        (runs.isEmpty ? "" : SolutionReport.cyclesCSV(runs)) + lives.map { LifeReport.csv($0) }.joined()
    }

    public func table() -> String {
        var out = "Scenario: \(scenario.name)\n"
        if !scenario.description.isEmpty { out += scenario.description + "\n" }
        out += "\n"
        for r in runs { out += SolutionReport.table(r) + "\n" }
        for l in lives { out += LifeReport.table(l) + "\n" }
        if !result.comparisons.isEmpty { out += ComparisonReport.table(result.comparisons) + "\n" }
        return out
    }
}
