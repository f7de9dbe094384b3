import Foundation

/// Tables, CSV, JSON and charts of a differential analysis (`celltwin dqdv`).
public struct DifferentialReport: Sendable {
    public struct Entry: Sendable {
        public var curve: VoltageCapacityCurve
        public var dqdv: DifferentialCurve
        public var dvdq: DifferentialCurve
    }

    /// What was analysed, for titles: "Li | CMP-VAMMT | LFP at 30 °C, 0.5C CC" or a file name.
    public var subject: String
    public var entries: [Entry]
    public var modes: DegradationModes?
    /// Curve labels of the two curves the modes compare.
    public var modesCurves: (reference: String, later: String)?
    public var options: DifferentialOptions

    public init(subject: String, curves: [VoltageCapacityCurve], options: DifferentialOptions = .init(),
                modes: DegradationModes? = nil, modesCurves: (reference: String, later: String)? = nil) throws {
        self.subject = subject
        self.options = options
        entries = try curves.map { Entry(curve: $0, dqdv: try DifferentialAnalysis.dqdv($0, options: options),
                                          dvdq: try DifferentialAnalysis.dvdq($0, options: options)) }
        self.modes = modes
        self.modesCurves = modesCurves
    }

    /// An OCV fit with a larger rms misfit (V) is flagged as not describing the curve.
    public static let poorFit_V = 0.01

    /// `s` followed by spaces to `width` characters, and at least one space (never cut).
    static func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(width - s.count, 1)) }

    static func g(_ x: Double, _ digits: Int = 4) -> String { x.isFinite ? String(format: "%.\(digits)g", x) : "" }

    public var smoothingText: String {
        String(format: "dQ/dV: %g mV bins, Savitzky–Golay degree 2 over %g mV; dV/dQ: %d capacity steps, Savitzky–Golay degree 2 over %g %% of the capacity",
               1000 * options.voltageStep_V, 1000 * options.voltageWindow_V, options.capacityPoints, 100 * options.capacityWindowFraction)
    }

    public func table() -> String {
        var out = "Differential analysis of \(subject)\n\(smoothingText)\n\n"
        out += "curve                 capacity       dQ/dV peaks (V: height)                       dV/dQ peaks (capacity)\n"
        for e in entries {
            let unit = e.curve.capacityUnit
            let ic = e.dqdv.peaks.map { "\(Self.g($0.position, 4)): \(Self.g($0.height, 3))" }.joined(separator: ", ")
            let dv = e.dvdq.peaks.map { Self.g($0.position, 4) }.joined(separator: ", ")
            out += Self.pad(e.curve.label, 22) + Self.pad("\(Self.g(e.curve.totalCapacity)) \(unit)", 15)
                + Self.pad(ic.isEmpty ? "—" : ic, 46) + (dv.isEmpty ? "—" : dv) + "\n"
        }
        if let m = modes, let c = modesCurves {
            out += "\nDegradation modes, \(c.later) against \(c.reference) (fits on the cathode's OCV, rms \(Self.g(1000 * m.reference.rms_V, 2)) and \(Self.g(1000 * m.later.rms_V, 2)) mV):\n"
            out += String(format: "  cathode active material lost  %.1f %%\n", 100 * m.activeMaterialLoss)
            out += String(format: "  polarization shift            %+.1f mV\n", 1000 * m.polarizationShift_V)
            if max(m.reference.rms_V, m.later.rms_V) > DifferentialReport.poorFit_V {
                out += String(format: "  (poor fit: misfit above %.0f mV — the cathode's OCV curve does not describe these curves, so the modes are not reliable)\n",
                              1000 * DifferentialReport.poorFit_V)
            }
            if let lli = m.lithiumInventoryLoss {
                out += String(format: "  Li inventory lost             %.1f %%\n", 100 * lli)
            } else {
                out += "  Li inventory lost             not observable (excess Li metal refills the cathode)\n"
            }
        }
        return out
    }

    /// `cycle,direction,voltage_V,dQdV_<unit>_per_V` (one row per bin).
    public func dqdvCSV() -> String {
        let unit = entries.first?.curve.capacityUnit ?? "Ah"
        var out = "cycle,direction,voltage_V,dQdV_\(unit.replacingOccurrences(of: "/", with: "_"))_per_V\n"
        for e in entries { for (x, y) in zip(e.dqdv.x, e.dqdv.y) { out += "\(e.curve.cycle),\(e.curve.direction.rawValue),\(Self.g(x, 6)),\(Self.g(y, 6))\n" } }
        return out
    }

    /// `cycle,direction,capacity_<unit>,voltage_V… dVdQ_V_per_<unit>` (one row per capacity step).
    public func dvdqCSV() -> String {
        let unit = (entries.first?.curve.capacityUnit ?? "Ah").replacingOccurrences(of: "/", with: "_")
        var out = "cycle,direction,capacity_\(unit),dVdQ_V_per_\(unit)\n"
        for e in entries { for (x, y) in zip(e.dvdq.x, e.dvdq.y) { out += "\(e.curve.cycle),\(e.curve.direction.rawValue),\(Self.g(x, 6)),\(Self.g(y, 6))\n" } }
        return out
    }

    /// `cycle,direction,kind,position,unit,height,prominence`.
    public func peaksCSV() -> String {
        var out = "cycle,direction,kind,position,unit,height,prominence\n"
        for e in entries {
            for p in e.dqdv.peaks { out += "\(e.curve.cycle),\(e.curve.direction.rawValue),dQdV,\(Self.g(p.position, 6)),V,\(Self.g(p.height, 6)),\(Self.g(p.prominence, 6))\n" }
            for p in e.dvdq.peaks { out += "\(e.curve.cycle),\(e.curve.direction.rawValue),dVdQ,\(Self.g(p.position, 6)),\(e.curve.capacityUnit),\(Self.g(p.height, 6)),\(Self.g(p.prominence, 6))\n" }
        }
        return out
    }

    struct Record: Encodable {
        struct Peak: Encodable { var position: Double; var height: Double; var prominence: Double }
        struct Curve: Encodable {
            var cycle: Int, direction: String, capacity: Double, capacity_unit: String
            var dqdv_peaks_V: [Peak], dvdq_peaks: [Peak]
        }
        struct Modes: Encodable {
            var reference: String, later: String
            var active_material_loss: Double, polarization_shift_V: Double, lithium_inventory_loss: Double?
            var lithium_inventory_observable: Bool
        }
        var subject: String, smoothing: String, curves: [Curve], degradation_modes: Modes?
    }

    public func json() throws -> String {
        func peaks(_ d: DifferentialCurve) -> [Record.Peak] { d.peaks.map { .init(position: $0.position, height: $0.height, prominence: $0.prominence) } }
        var modesRecord: Record.Modes?
        if let m = modes, let c = modesCurves {
            modesRecord = Record.Modes(reference: c.reference, later: c.later, active_material_loss: m.activeMaterialLoss,
                                       polarization_shift_V: m.polarizationShift_V, lithium_inventory_loss: m.lithiumInventoryLoss,
                                       lithium_inventory_observable: m.lithiumLimited)
        }
        return try SolutionReport.json(Record(subject: subject, smoothing: smoothingText, curves: entries.map {
            .init(cycle: $0.curve.cycle, direction: $0.curve.direction.rawValue, capacity: $0.curve.totalCapacity,
                  capacity_unit: $0.curve.capacityUnit, dqdv_peaks_V: peaks($0.dqdv), dvdq_peaks: peaks($0.dvdq))
        }, degradation_modes: modesRecord))
    }

    /// The charts: file name → chart (voltage against capacity, dQ/dV against voltage, dV/dQ against capacity).
    public func charts() -> [(String, LineChart)] {
        let unit = entries.first?.curve.capacityUnit ?? "Ah"
        let voltage = LineChart(title: "Voltage vs capacity — \(subject)", xLabel: "capacity / \(unit)", yLabel: "voltage / V",
                                series: entries.map { ChartSeries(name: $0.curve.label, x: $0.curve.capacity, y: $0.curve.voltage_V) })
        let ic = LineChart(title: "dQ/dV — \(subject)", xLabel: "voltage / V", yLabel: "dQ/dV / (\(unit) V⁻¹)",
                           series: entries.map { ChartSeries(name: $0.curve.label, x: $0.dqdv.x, y: $0.dqdv.y) })
        let dv = LineChart(title: "dV/dQ — \(subject)", xLabel: "capacity / \(unit)", yLabel: "dV/dQ / (V per \(unit))",
                           series: entries.map { ChartSeries(name: $0.curve.label, x: $0.dvdq.x, y: $0.dvdq.y) })
        return [("voltage.svg", voltage), ("dqdv.svg", ic), ("dvdq.svg", dv)]
    }
}

/// `celltwin dqdv`: dqdv.csv, dvdq.csv, peaks.csv, dqdv.json and the charts; the peaks as its CSV.
extension DifferentialReport: Report {
    public func files() throws -> [ReportFile] {
        [ReportFile("dqdv.csv", dqdvCSV()), ReportFile("dvdq.csv", dvdqCSV()), ReportFile("peaks.csv", peaksCSV()),
         ReportFile("dqdv.json", try json())] + charts().map { ReportFile($0.0, $0.1.svg()) }
    }

    public func csv() -> String { peaksCSV() }
}
