import Foundation

/// The SVG charts written for a simulation.
public enum Charts {
    /// `capacity.svg` (discharge capacity and CE vs cycle), `voltage.svg` (voltage vs capacity of the selected
    /// cycles) and `voltage-time.svg` (voltage and current vs time of the whole run); the last two need a trace.
    /// Measured discharge capacities among `comparisons` are drawn as markers on the capacity chart. Every title's
    /// second line says what the chart shows: the cell, the temperature and the protocol (``ProtocolDescription``).
    public static func solutionCharts(solutions: [Solution], plotCycles: [Int],
                                      comparisons: [Comparison] = []) -> [(name: String, svg: String)] {
        var charts: [(String, String)] = []
        let subtitle = solutions.first.map { first in
            ProtocolDescription.subtitle(electrolyte: first.design.electrolyte.id, cathode: first.design.cathode.id,
                                         temperatures_C: solutions.map(\.temperature_C),
                                         protocolText: first.experiment.map(ProtocolDescription.text))
        }.map { "\n" + $0 } ?? ""
        var capacitySeries = solutions.map { s in
            ChartSeries(name: String(format: "%@ | %@, %g °C", s.design.electrolyte.id, s.design.cathode.id, s.temperature_C),
                        x: s.cycles.map { Double($0.cycle) },
                        y: s.cycles.map { s.mAh_g($0.dischargeCapacity_C_m2) },
                        style: s.cycles.count > 60 ? .line : .lineAndMarkers)
        }
        for s in solutions {
            let measured = comparisons.filter {
                $0.quantity == "discharge_capacity_mAh_g" && $0.qualifier == "=" && abs($0.temperature_C - s.temperature_C) < 1e-9
            }
            if !measured.isEmpty {
                capacitySeries.append(ChartSeries(name: String(format: "measured, %g °C", s.temperature_C),
                                                  x: measured.map { Double($0.cycle) }, y: measured.map(\.measured),
                                                  style: .markers))
            }
        }
        charts.append(("capacity.svg", LineChart(title: "Discharge capacity" + subtitle, xLabel: "cycle",
                                                 yLabel: "discharge capacity (mAh/g)", series: capacitySeries).svg()))
        var voltageSeries: [ChartSeries] = []
        for s in solutions {
            guard let t = s.trace, !s.cycles.isEmpty else { continue }
            let last = s.cycles.last!.cycle
            let wanted = plotCycles.isEmpty ? Array(Set([1, last])).sorted() : plotCycles.filter { $0 <= last }
            for cycle in wanted {
                // One curve per half-cycle, each starting at zero capacity (charge and CV hold together,
                // then the discharge), as cyclers plot them.
                var halves: [(x: [Double], y: [Double], charge: Bool)] = []
                var q0 = 0.0
                for i in 0..<t.count where t.cycle[i] == cycle {
                    let j = t.current_A_m2[i]
                    if j == 0 { continue }
                    let isCharge = j < 0
                    if halves.last?.charge != isCharge {
                        halves.append(([], [], isCharge))
                        q0 = t.charge_C_m2[i]
                    }
                    halves[halves.count - 1].x.append(s.mAh_g(abs(t.charge_C_m2[i] - q0)))
                    halves[halves.count - 1].y.append(t.voltage_V[i])
                }
                let x = halves.flatMap { $0.x + [.nan] }
                let y = halves.flatMap { $0.y + [.nan] }
                if !x.isEmpty {
                    let label = solutions.count > 1 ? String(format: "cycle %d, %g °C", cycle, s.temperature_C) : "cycle \(cycle)"
                    voltageSeries.append(ChartSeries(name: label, x: x, y: y, style: .line))
                }
            }
        }
        if !voltageSeries.isEmpty {
            charts.append(("voltage.svg", LineChart(title: "Charge and discharge curves" + subtitle, xLabel: "capacity (mAh/g)",
                                                    yLabel: "voltage (V)", series: voltageSeries).svg()))
        }
        if let chart = voltageTimeChart(solutions: solutions, subtitle: subtitle) { charts.append(("voltage-time.svg", chart)) }
        return charts
    }
}

/// Measured-vs-simulated table of a scenario.
public enum ComparisonReport {
    public static func table(_ rows: [Comparison]) -> String {
        var out = "Comparison with measurements\n"
        out += "   T °C  cycle  quantity                     measured   simulated   error    tol    ok   source\n"
        for r in rows {
            let sim = r.simulated.map { String(format: "%10.4g", $0) } ?? "         –"
            let err = r.relative_error.map { String(format: "%+6.1f%%", $0 * 100) } ?? "     –"
            out += String(format: "%7g  %5d  ", r.temperature_C, r.cycle) + SolutionReport.pad(r.quantity, 27)
            out += (r.qualifier == "=" ? " " : r.qualifier) + String(format: "%9.4g  ", r.measured)
            out += sim + "  " + err + String(format: "  %4.0f%%  ", r.tolerance * 100) + (r.within ? "yes" : " no") + "  " + r.source + "\n"
        }
        let ok = rows.filter(\.within).count
        out += "\(ok) of \(rows.count) within tolerance\n"
        return out
    }
}

/// `celltwin list`: shipped materials with their key numbers.
public struct Listing {
    public struct Record: Codable, Sendable {
        public var kind: String
        public var id: String
        public var name: String
        public var details: [String: Double]
        public var family: String?
        public var study: String?
    }

    /// A model file that did not load, with the reason.
    public struct Failure: Codable, Sendable {
        public var kind: String
        public var id: String
        public var error: String
        public init(kind: String, id: String, error: String) {
            self.kind = kind
            self.id = id
            self.error = error
        }
    }

    public let records: [Record]
    public var failures: [Failure] = []

    /// Every cathode and electrolyte of `library` that loads; each file that does not is a ``Failure`` (one broken
    /// file does not hide the others).
    public init(library: ModelLibrary) {
        var cathodes: [Cathode] = [], electrolytes: [Electrolyte] = [], failures: [Failure] = []
        for id in library.cathodeIDs {
            do { cathodes.append(try library.cathode(id)) } catch {
                failures.append(Failure(kind: "cathode", id: id, error: "\(error)"))
            }
        }
        for id in library.electrolyteIDs {
            do { electrolytes.append(try library.electrolyte(id)) } catch {
                failures.append(Failure(kind: "electrolyte", id: id, error: "\(error)"))
            }
        }
        self.init(cathodes: cathodes, electrolytes: electrolytes)
        self.failures = failures
    }

    /// The JSON document of `celltwin list`: `{"models": [records], "not_loaded": [{"kind", "id", "error"}]}`.
    public struct Document: Encodable {
        public var models: [Record]
        public var not_loaded: [Failure]
    }

    public var document: Document { Document(models: records, not_loaded: failures) }

    public init(cathodes: [Cathode], electrolytes: [Electrolyte]) {
        var r: [Record] = cathodes.map { c in
            Record(kind: "cathode", id: c.id, name: c.name, details: [
                "practical_capacity_mAh_g": Units.mAh_g(C_kg: c.specificCapacity_C_kg),
                "nominal_capacity_mAh_g": Units.mAh_g(C_kg: c.nominalCapacity_C_kg),
                "min_V": c.minimumVoltage_V, "max_V": c.maximumVoltage_V,
                "diffusion_time_25C_s": c.diffusionTime_s(at: 298.15),
            ], family: nil, study: nil)
        }
        for e in electrolytes {
            var d: [String: Double] = [
                "t_plus": e.transferenceNumber,
                "thickness_um": e.thickness_m * 1e6,
                "oxidation_limit_V": e.oxidationLimit_V,
            ]
            for t in [25.0, 60.0, 100.0] where e.validTemperatureRange_K.contains(Units.kelvin(celsius: t)) {
                d[String(format: "sigma_%gC_S_cm", t)] = Units.S_cm(S_m: e.conductivity.sigma_S_m(at: Units.kelvin(celsius: t)))
            }
            d["cathode_interphase_asr_ohm_cm2"] = Units.ohm_cm2(ohm_m2: e.cathodeInterphaseASR_ohm_m2)
            d.merge(Self.electrodeDetails(e, cathodes: cathodes)) { a, _ in a }
            r.append(Record(kind: "electrolyte", id: e.id, name: e.name, details: d, family: e.family, study: e.study))
        }
        records = r
    }

    /// The study's own electrodes (`[electrodes.<cathode>]`): `electrode_<cathode>_<key>` with the cathode model's
    /// literature range as `…_min` / `…_max` where it gives one (``CathodeLiteratureRange``), lab units.
    static func electrodeDetails(_ e: Electrolyte, cathodes: [Cathode]) -> [String: Double] {
        var d: [String: Double] = [:]
        for (id, o) in e.referenceCell.electrodes {
            let ranges = cathodes.first { $0.id == id }?.literatureRanges ?? [:]
            let values: [(String, Double?)] = [
                ("diffusion_time_s", o.diffusionTime_s),
                ("diffusion_activation_energy_kJ_mol", o.diffusionActivationEnergy_J_mol.map { $0 / 1000 }),
                ("specific_capacity_mAh_g", o.specificCapacity_C_kg.map { Units.mAh_g(C_kg: $0) }),
                ("porosity", o.porosity),
            ]
            for case let (leaf, v?) in values {
                let key = "electrode_\(id)_\(leaf)"
                d[key] = v
                if let r = ranges[leaf] {
                    d[key + "_min"] = r.lowerBound
                    d[key + "_max"] = r.upperBound
                }
            }
        }
        return d
    }

    public var csv: String {
        var out = "kind,id,key,value\n"
        for r in records {
            for k in r.details.keys.sorted() { out += "\(r.kind),\(r.id),\(k),\(String(format: "%.6g", r.details[k]!))\n" }
        }
        return out
    }

    public var table: String {
        var out = "Cathodes\n  id       practical mAh/g  1C mAh/g  window V     τ_s(25 °C) s  name\n"
        for r in records where r.kind == "cathode" {
            let d = r.details
            out += "  " + SolutionReport.pad(r.id, 8) + String(format: " %15.1f  %8.0f  %4.2f–%4.2f  %12.0f  ", d["practical_capacity_mAh_g"]!,
                          d["nominal_capacity_mAh_g"]!, d["min_V"]!, d["max_V"]!, d["diffusion_time_25C_s"]!) + r.name + "\n"
        }
        out += "\nElectrolytes\n  id           study           family      t+     L µm   σ 25 °C    σ 60 °C    σ 100 °C   V_ox\n"
        func s(_ x: Double?) -> String { x.map { String(format: "%.2e", $0) } ?? "    –   " }
        for r in records where r.kind == "electrolyte" {
            let d = r.details
            out += "  " + SolutionReport.pad(r.id, 12) + " " + SolutionReport.pad(r.study ?? "", 15) + " " + SolutionReport.pad(r.family ?? "", 10)
            out += String(format: " %5.2f  %5.0f   ", d["t_plus"]!, d["thickness_um"]!)
            out += [s(d["sigma_25C_S_cm"]), s(d["sigma_60C_S_cm"]), s(d["sigma_100C_S_cm"])].joined(separator: "   ")
            out += String(format: "   %.1f\n", d["oxidation_limit_V"]!)
        }
        out += "\nCathode side of each study (per-study electrode values beside the cathode model's literature range)\n"
        out += "  id           CEI Ω cm²  electrode values\n"
        for r in records where r.kind == "electrolyte" {
            let d = r.details
            out += "  " + SolutionReport.pad(r.id, 12) + String(format: " %9.1f  ", d["cathode_interphase_asr_ohm_cm2"] ?? .nan)
            let keys = d.keys.filter { $0.hasPrefix("electrode_") && !$0.hasSuffix("_min") && !$0.hasSuffix("_max") }.sorted()
            if keys.isEmpty { out += "–\n"; continue }
            out += keys.map { k -> String in
                let name = String(k.dropFirst("electrode_".count))
                var item = name + " = " + String(format: "%.4g", d[k]!)
                if let lo = d[k + "_min"], let hi = d[k + "_max"] {
                    item += String(format: " [%.4g–%.4g]", lo, hi) + ((lo...hi).contains(d[k]!) ? "" : " OUTSIDE")
                }
                return item
            }.joined(separator: "; ") + "\n"
        }
        if !failures.isEmpty {
            out += "\nNot loaded\n"
            for f in failures { out += "  \(f.kind) \(f.id): \(f.error)\n" }
        }
        return out
    }
}
