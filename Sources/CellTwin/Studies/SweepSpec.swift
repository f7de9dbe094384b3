import Foundation

/// One grid point: the values of every variable (swept or fixed) and its place in the grid.
public struct SweepPoint: Sendable, Equatable {
    /// Grid index, 0-based, in row-major order over the swept variables (the last one changes fastest).
    public var index: Int
    /// Values of the swept variables (``SweepSpec/axes``), in that order.
    public var coordinates: [SweepValue]
    public var electrolyte: String
    public var cathode: String
    /// °C.
    public var temperature_C: Double
    public var chargeCRate: Double
    public var dischargeCRate: Double
    /// Electrolyte thickness, µm (nil: the electrolyte file's).
    public var thickness_um: Double?
    /// Cathode loading, mg cm⁻² (nil: the reference cell's or the cathode's default).
    public var loading_mg_cm2: Double?
    /// Upper cut-off and CV-hold voltage, V (nil: the cathode file's).
    public var upperCutoff_V: Double?
}

/// A what-if grid: the values of each variable (one value: fixed; several: swept), the cell format and how each
/// point runs. The grid is the Cartesian product in ``SweepVariable`` order; point `k` is the same point on every
/// run, so shards (``Shard``) and merges are exact.
public struct SweepSpec: Sendable, Equatable {
    /// Most points one grid may hold.
    public static let maximumPoints = 1_000_000

    /// Values of every variable given.
    public let values: [SweepVariable: [SweepValue]]
    /// Variables with a CSV column: those with several values, plus any shown on request; canonical order.
    public let axes: [SweepVariable]
    public let cell: SweepCellFormat
    public let settings: SweepSettings
    /// Number of grid points.
    public let pointCount: Int

    /// - Parameters:
    ///   - given: the values of each variable (numbers in the variable's unit, rounded to
    ///     ``SweepFormat/variableDigits`` significant digits); electrolyte, cathode and temperature are required; rates come from `cRate`, or from both
    ///     `chargeCRate` and `dischargeCRate`, or from `cRate` and one of them.
    ///   - alwaysShown: variables given a CSV column even with a single value (`compare` shows the electrolyte
    ///     and the temperature).
    /// - Throws: ``SweepError`` naming the option at fault.
    public init(values given: [SweepVariable: [SweepValue]], alwaysShown: Set<SweepVariable> = [],
                cell: SweepCellFormat = SweepCellFormat(), settings: SweepSettings = SweepSettings()) throws {
        try settings.validate()
        // Numbers as the CSV prints them (12 significant digits), so a merged table reads back the same values.
        let values = given.mapValues { list in
            list.map { v -> SweepValue in v.number.map { .number(SweepFormat.rounded($0, digits: SweepFormat.variableDigits)) } ?? v }
        }
        for v in [SweepVariable.electrolyte, .cathode, .temperature] where (values[v] ?? []).isEmpty {
            throw SweepError.invalidOption(name: v.option, reason: "is required")
        }
        for (v, list) in values {
            guard !list.isEmpty else { throw SweepError.invalidOption(name: v.option, reason: "no values given") }
            for x in list {
                switch (v.isCategorical, x) {
                case (true, .text), (false, .number): break
                default: throw SweepError.invalidOption(name: v.option, reason: "'\(x)' is not a valid value")
                }
                if let n = x.number, let problem = v.problem(with: n) {
                    throw SweepError.invalidValues(name: v.option, text: list.map(\.description).joined(separator: ","), reason: problem,
                                                   hint: false)
                }
            }
            guard Set(list).count == list.count else {
                throw SweepError.invalidOption(name: v.option, reason: "a value is given twice")
            }
        }
        let both = values[.cRate], charge = values[.chargeCRate], discharge = values[.dischargeCRate]
        if both == nil, charge == nil || discharge == nil {
            throw SweepError.invalidOption(name: "--c-rate", reason: "is required (or give both --charge-rate and --discharge-rate)")
        }
        if both != nil, charge != nil, discharge != nil {
            throw SweepError.invalidOption(name: "--c-rate", reason: "is not used when both --charge-rate and --discharge-rate are given; leave it out")
        }
        if let both, both.count > 1, charge != nil || discharge != nil {
            throw SweepError.invalidOption(name: "--c-rate", reason: "cannot be swept together with --charge-rate or --discharge-rate")
        }
        var count = 1
        for v in SweepVariable.allCases {
            let n = values[v]?.count ?? 1
            guard count <= Self.maximumPoints / n else {
                throw SweepError.invalidOption(name: v.option, reason: "the grid would hold more than \(Self.maximumPoints) points")
            }
            count *= n
        }
        self.values = values
        axes = SweepVariable.allCases.filter { v in (values[v]?.count ?? 0) > 1 || (alwaysShown.contains(v) && values[v] != nil) }
        self.cell = cell
        self.settings = settings
        pointCount = count
    }

    /// The point at grid index `index` (0 ≤ index < ``pointCount``).
    public func point(_ index: Int) -> SweepPoint {
        precondition(index >= 0 && index < pointCount, "grid index \(index) outside 0..<\(pointCount)")
        var chosen: [SweepVariable: SweepValue] = [:]
        var rest = index
        for v in SweepVariable.allCases.reversed() {
            guard let list = values[v] else { continue }
            chosen[v] = list[rest % list.count]
            rest /= list.count
        }
        func number(_ v: SweepVariable) -> Double? { chosen[v]?.number }
        let rate = number(.cRate)
        return SweepPoint(
            index: index, coordinates: axes.compactMap { chosen[$0] },
            electrolyte: chosen[.electrolyte]?.text ?? "", cathode: chosen[.cathode]?.text ?? "",
            temperature_C: number(.temperature) ?? .nan,
            chargeCRate: number(.chargeCRate) ?? rate ?? .nan, dischargeCRate: number(.dischargeCRate) ?? rate ?? .nan,
            thickness_um: number(.thickness), loading_mg_cm2: number(.loading), upperCutoff_V: number(.upperCutoff))
    }

    /// Every point, in grid order.
    public var points: [SweepPoint] { (0..<pointCount).map(point) }

    /// IDs of a categorical variable (empty for a numeric one).
    public func identifiers(_ v: SweepVariable) -> [String] { (values[v] ?? []).compactMap(\.text) }

    /// Title and protocol for charts and partial files.
    public var context: SweepContext {
        SweepContext(title: identifiers(.electrolyte).joined(separator: ", ") + " | " + identifiers(.cathode).joined(separator: ", "),
                     cycles: settings.cycles, threshold: settings.threshold)
    }

    /// A 16-hex-digit FNV-1a hash of everything that decides the rows (values, columns, cell format, protocol,
    /// tolerances); shards of one grid share it, so a merge can refuse parts of different sweeps.
    public var fingerprint: String {
        var text = "celltwin-sweep-1;"
        for v in SweepVariable.allCases {
            guard let list = values[v] else { continue }
            text += "\(v.column)=\(list.map(\.description).joined(separator: ","));"
        }
        text += "axes=\(axes.map(\.column).joined(separator: ","));"
        func opt(_ x: Double?) -> String { x.map { String(format: "%.17g", $0) } ?? "-" }
        text += "area=\(opt(cell.electrodeArea_m2));li=\(opt(cell.lithiumThickness_m));basis=\(opt(cell.cRateBasis_C_kg));"
        let s = settings.simulation
        text += "cycles=\(settings.cycles);threshold=\(opt(settings.threshold));deliverable=\(opt(settings.minimumDeliverableFraction));"
        text += "stepper=\(s.stepper.rawValue);rtol=\(opt(s.relativeTolerance));atol=\(opt(s.absoluteTolerance));modes=\(s.diffusionModes)"
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
