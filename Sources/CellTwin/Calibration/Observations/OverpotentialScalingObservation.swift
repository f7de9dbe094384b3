import Foundation

/// How a full cell's overpotentials scale with the membrane's resistance across temperatures (`overpotential_scaling`,
/// quantity `ir_drop_vs_resistivity`, value `linear`; gao2024: "IR drop (at 100 % SoC) and plateau ohmic overpotential
/// (SoC 80–20 %) both grow linearly with membrane resistivity across temperatures").
///
/// The row states no temperature: the prediction runs the study's own test, the row's cathode and C-rate at every
/// temperature of the same study's full-cell rows with that cathode and C-rate (gao2024 LFP at 0.2C: 60, 100, 120 °C),
/// and reads at each temperature T (DOMAIN A2, SI inside, reported in mV and Ω cm²):
/// - the membrane's area resistance ASR_b = R_b·A as the conductivity rows are evaluated, from the twin's simulated
///   SS | E | SS impedance (``ConductivityObservation/simulatedMeasurement(_:temperature_C:)``; L/σ(T) within 0.005 %);
/// - the IR drop at 100 % SoC: the voltage step when the discharge current J (the row's C-rate) is applied to the
///   rested, fully charged cell (``FullCellModel/initialState(stateOfCharge:)`` at 1), V(y₀, 0) − V(y₀, J⁺) over the
///   terms that respond at once: J·(ASR_b + ASR_contact + ASR_SEI) + η_Li(J) + η_el(J), the cathode block with its
///   kinetics, film and pore electrolyte (``CompositeCathodeResolved``). A cycler's first sample (≥ 0.1 s) lies past
///   the double-layer time constants (R_ct·C_dl ~ ms) and before the solid and salt diffusion respond (τ ≫ 1 s), so the
///   twin's step leaves out the diffusion modes and the remainder of the particle's modal series (they start at rest);
/// - the plateau overpotential: half the gap between the CC charge and CC discharge voltages at equal mean
///   stoichiometry x̄ (equal state of charge of the cathode), averaged over the discharge's SoC 80 → 20 % (SoC by the
///   discharged capacity), from a traced CC charge then discharge at the row's rate from the discharged state
///   (``FitModel/ccCycle(_:temperature_C:chargeRate:dischargeRate:trace:)``). This is how papers read a polarization
///   off galvanostatic curves without an OCV measurement; it holds the ohmic, kinetic and diffusion parts of both
///   half-cycles (the CLI's `overpotential_V` is the same half-gap of the mean voltages).
///
/// Each is fitted by a straight line in ASR_b (``StraightLineFit``). The row is within when both lines rise (slope > 0)
/// and explain at least ``minimumRSquared`` of the spread (R² ≥ 0.98). Why 0.98: for n points evenly spread in x, a
/// smooth curvature leaves least-squares residuals whose largest is δ of the plotted y-range with R² ≈ 1 − 3δ² (n = 3)
/// and 1 − 7δ² (n = 4), so R² ≥ 0.98 keeps every point within about 8 % (three points) or 5 % (four) of the range
/// from the line: what a reader of a figure calls "linear" when its markers (1–2 mm on a 5–8 cm axis, 2–4 % of the
/// range) lie on the drawn line, while a parabola through the origin over the same points, y = x², gives 0.92 (three
/// points) and 0.918 (four) and fails. With points clustered in x (Arrhenius spacing) the farthest point weighs most:
/// the report prints the points and how far the worst lies from the line relative to its own value
/// (``Series/maxRelativeDeviation``), so a high R² made by one far point shows.
///
/// The score the fit and the comparison use is the smaller R² of the two lines, negated where a slope is not positive.
/// Not a fitted quantity (the fit set-ups give it weight 0): it checks a shape the calibrated σ(T), interfaces and
/// electrode already determine. Leave-condition-out does not take it (``LeaveConditionOut/groupedKinds``): it has no
/// condition of its own to leave out (it spans the study's temperatures), frees no parameter, and a band on R² has no
/// measured value to hold.
public struct OverpotentialScalingObservation: Observation {
    public init() {}
    public var kind: FitPointKind { .overpotentialScaling }
    public var toleranceText: String { "R² ≥ 0.98, slope > 0" }
    public var residualIsOneSided: Bool { true }
    /// R² a straight line must reach through each series.
    public static let minimumRSquared = 0.98
    /// The plateau window: state of charge on the discharge, from 80 % down to 20 %.
    public static let plateauWindow = 0.2...0.8
    /// Points of the plateau average over the window.
    static let plateauSamples = 61
    public static let quantity = "ir_drop_vs_resistivity"

    public func acceptsQualitativeValue(_ row: MeasurementRow) -> Bool { row.kind == "overpotential_scaling" }

    public func classify(_ o: ObservationRow) -> ObservationClassification? {
        guard o.row.kind == "overpotential_scaling" else { return nil }
        guard o.row.quantity == Self.quantity, o.row.valueText.trimmingCharacters(in: .whitespaces).lowercased() == "linear" else {
            return o.no("\(o.row.quantity) = '\(o.row.valueText)' is not a scaling the model evaluates (\(Self.quantity) = linear)")
        }
        guard let rate = o.row.cRate, rate > 0 else { return o.no("no C-rate") }
        guard let cathode = o.cathodeID else { return o.no(ObservationRow.noCathode) }
        let temperatures = Self.studyTemperatures(o.row, cathode: cathode, cRate: rate, table: o.table)
        guard temperatures.count >= 3 else {
            return o.no("fewer than three temperatures in the study's \(cathode) rows at \(Validation.g(rate))C (\(temperatures.map(Validation.g).joined(separator: ", ")) °C): a line needs three")
        }
        return o.point(kind, .nan, "R²", nil, by: self).map { point in
            var p = point
            p.temperatures_C = temperatures
            return p
        }
    }

    /// The temperatures (°C, ascending) of the same study's full-cell rows of `cathode` at `cRate`.
    public static func studyTemperatures(_ row: MeasurementRow, cathode: String, cRate: Double, table: [MeasurementRow]) -> [Double] {
        let t = table.filter { $0.source == row.source && $0.electrolyte == row.electrolyte && $0.cathode == cathode && $0.cRate == cRate }
            .compactMap(\.temperature_C)
        return Array(Set(t)).sorted()
    }

    public func predict(_ p: FitPoint, _ e: Electrolyte, model: FitModel) throws -> Double {
        try Self.analyse(p, e, model: model).score
    }

    /// min(0, score − 0.98)/0.02: zero once both lines pass.
    public func residual(_ p: FitPoint, model: Double) -> Double {
        min(0, model - Self.minimumRSquared) / (1 - Self.minimumRSquared)
    }

    public func compare(_ p: FitPoint, predicted: Double) -> ObservationComparison {
        let within = predicted >= Self.minimumRSquared
        var c = ObservationComparison(measured: .nan, predicted: predicted, unit: "R²", error: predicted - Self.minimumRSquared,
                                      errorText: String(format: "min R² %.4f", predicted), tolerance: "R² ≥ 0.98, slope > 0",
                                      within: within)
        c.conditions = p.temperatures_C.map(Validation.g).joined(separator: ", ") + " °C"
            + (p.row.cathode.map { ", \($0)" } ?? "") + (p.row.cRate.map { ", \(Validation.g($0))C" } ?? "")
        return c
    }

    public func cost(_ p: FitPoint) -> Double { 10 * Double(p.temperatures_C.count) }

    // MARK: - The simulated test

    /// One temperature of the test: the membrane's ASR, the IR drop with its parts and the plateau half-gap.
    public struct Point: Sendable, Encodable {
        public var temperature_C: Double
        /// R_b·A of the simulated blocking-cell impedance, Ω cm².
        public var membraneASR_ohm_cm2: Double
        /// V(y₀, 0) − V(y₀, J⁺) at 100 % SoC, mV.
        public var irDrop_mV: Double
        /// Parts of the IR drop, mV, in ``partNames`` order.
        public var irParts_mV: [Double]
        /// Mean half-gap (V_charge − V_discharge)/2 over SoC 80 → 20 %, mV.
        public var plateau_mV: Double
    }

    /// The parts of the IR drop, in order.
    public static let partNames = ["membrane J·ASR_b", "contact and Li film J·(ASR_contact + ASR_SEI)", "Li kinetics η_Li",
                                   "cathode kinetics η_C", "cathode film J·ASR_CEI", "cathode pore electrolyte"]

    /// A series against the membrane ASR with its line.
    public struct Series: Sendable, Encodable {
        public var quantity: String
        public var unit: String
        public var x: [Double]
        public var y: [Double]
        public var fit: StraightLineFit

        enum CodingKeys: String, CodingKey {
            case quantity, unit, x_quantity, x_unit, temperature_C, x, y, slope, intercept, r_squared, points, max_relative_deviation, parts
        }
        public var temperatures_C: [Double] = []
        /// The parts of y at each point (the IR drop's, ``partNames``), mV; empty when not split.
        public var parts: [(name: String, y: [Double])] = []

        /// The largest |y − line|/|y| of a point: a check that the farthest point (Arrhenius spacing puts the coldest
        /// far out) does not alone make R² close to 1.
        public var maxRelativeDeviation: Double {
            zip(x, y).map { abs($0.1 - fit.value(at: $0.0)) / max(abs($0.1), .leastNormalMagnitude) }.max() ?? .nan
        }

        struct Part: Encodable { var name: String; var y: [Double] }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(quantity, forKey: .quantity)
            try c.encode(unit, forKey: .unit)
            try c.encode("membrane_asr", forKey: .x_quantity)
            try c.encode("ohm cm2", forKey: .x_unit)
            try c.encode(temperatures_C, forKey: .temperature_C)
            try c.encode(x, forKey: .x)
            try c.encode(y, forKey: .y)
            try c.encode(fit.slope, forKey: .slope)
            try c.encode(fit.intercept, forKey: .intercept)
            try c.encode(fit.rSquared, forKey: .r_squared)
            try c.encode(fit.count, forKey: .points)
            try c.encode(maxRelativeDeviation, forKey: .max_relative_deviation)
            try c.encode(parts.map { Part(name: $0.name, y: $0.y) }, forKey: .parts)
        }
    }

    /// The test at every temperature, the two lines and what breaks linearity.
    public struct Analysis: Sendable {
        public var points: [Point]
        public var irDrop: Series
        public var plateau: Series

        /// The smaller R² of the two lines, negated where a slope is not positive.
        public var score: Double {
            [irDrop.fit, plateau.fit].map { $0.slope > 0 ? $0.rSquared : -$0.rSquared }.min() ?? .nan
        }

        /// RMS (mV) of each IR part's residual from its own line in ASR_b: the residuals add up to the IR drop's
        /// (least squares is linear in y), so the largest names the term that bends the line.
        public var partResiduals_mV: [(name: String, rms_mV: Double)] {
            let x = points.map(\.membraneASR_ohm_cm2)
            return OverpotentialScalingObservation.partNames.indices.map { k in
                (OverpotentialScalingObservation.partNames[k], Self.rmsResidual(x, points.map { $0.irParts_mV[k] }))
            }
        }

        /// RMS (mV) of the residual of the plateau's part beyond the IR drop (solid diffusion, the OCV's slope, the
        /// charge's own drop) from its line.
        public var plateauBeyondIRResidual_mV: Double {
            Self.rmsResidual(points.map(\.membraneASR_ohm_cm2), points.map { $0.plateau_mV - $0.irDrop_mV })
        }

        static func rmsResidual(_ x: [Double], _ y: [Double]) -> Double {
            guard let f = StraightLineFit(x: x, y: y) else { return .nan }
            let s = zip(x, y).reduce(0.0) { $0 + pow($1.1 - f.value(at: $1.0), 2) }
            return (s / Double(x.count)).squareRoot()
        }

        /// The figures for the report.
        public var note: String {
            func line(_ name: String, _ s: Series) -> String {
                let pts = zip(s.x, s.y).map { String(format: "(%.4g, %.4g)", $0.0, $0.1) }.joined(separator: " ")
                return String(format: "%@: slope %.4g mV per Ω cm², intercept %+.3g mV, R² %.4f (largest point %.2g %% off the line), points (Ω cm², mV) %@",
                              name, s.fit.slope, s.fit.intercept, s.fit.rSquared, 100 * s.maxRelativeDeviation, pts)
            }
            let parts = partResiduals_mV.sorted { $0.rms_mV > $1.rms_mV }
            let total = Self.rmsResidual(points.map(\.membraneASR_ohm_cm2), points.map(\.irDrop_mV))
            var s = "membrane ASR R_b·A from the simulated SS|E|SS impedance at " + points.map { Validation.g($0.temperature_C) }.joined(separator: ", ")
                + " °C; " + line("IR drop at 100 % SoC (V(rest) − V(0⁺), no diffusion)", irDrop) + "; "
                + line("plateau half-gap (charge − discharge)/2 over SoC 80–20 %", plateau)
            if let top = parts.first {
                s += String(format: "; off-line residual RMS of the IR drop %.3g mV, largest part %@ (%.3g mV); of the plateau's part beyond the IR drop %.3g mV",
                            total, top.name, top.rms_mV, plateauBeyondIRResidual_mV)
            }
            return s
        }
    }

    /// Runs the test of point `p` with electrolyte `e` (the cell of `model`'s set-up).
    public static func analyse(_ p: FitPoint, _ e: Electrolyte, model: FitModel) throws -> Analysis {
        guard let rate = p.row.cRate else { throw InputError(file: p.row.file, line: p.row.line, key: "c_rate", message: "is empty") }
        let d = try model.design(p, e)
        let chargeRate = e.referenceCell.rateTestChargeCRate(forDischarge: rate)
        var points: [Point] = []
        for t in p.temperatures_C {
            let membrane = try ConductivityObservation.simulatedMeasurement(e, temperature_C: t).sigma_S_cm
            let tK = Units.kelvin(celsius: t)
            // R_b·A = L/σ_measured: the law's ASR scaled by σ_law/σ_measured, Ω m² → Ω cm².
            let asr = e.bulkASR_ohm_m2(at: tK) * (e.conductivity.sigma_S_m(at: tK) / 100 / membrane) * 1e4
            let ir = try irDrop(d, temperature_K: tK, cRate: rate)
            let run = try model.ccCycle(d, temperature_C: t, chargeRate: chargeRate, dischargeRate: rate, trace: true)
            let plateau = try plateauHalfGap_V(run, file: p.row.file, line: p.row.line)
            points.append(Point(temperature_C: t, membraneASR_ohm_cm2: asr, irDrop_mV: ir.total_V * 1000,
                                irParts_mV: ir.parts_V.map { $0 * 1000 }, plateau_mV: plateau * 1000))
        }
        let x = points.map(\.membraneASR_ohm_cm2)
        func series(_ q: String, _ y: [Double]) throws -> Series {
            guard let f = StraightLineFit(x: x, y: y) else {
                throw InputError(file: p.row.file, line: p.row.line, key: "quantity",
                                 message: "the membrane ASR is the same at every temperature: no line through \(q)")
            }
            return Series(quantity: q, unit: "mV", x: x, y: y, fit: f, temperatures_C: p.temperatures_C)
        }
        var ir = try series("ir_drop", points.map(\.irDrop_mV))
        ir.parts = partNames.indices.map { k in (partNames[k], points.map { $0.irParts_mV[k] }) }
        return Analysis(points: points, irDrop: ir, plateau: try series("plateau_overpotential", points.map(\.plateau_mV)))
    }

    /// The instantaneous step of the rested, fully charged cell of `design` at `temperature_K` when the discharge
    /// current of `cRate` is applied, V, and its parts (``partNames`` order): every term of V(y, J) that does not wait
    /// for a state to move (the diffusion modes and the particle's modal remainder are left out).
    public static func irDrop(_ design: CellDesign, temperature_K: Double, cRate: Double) throws -> (total_V: Double, parts_V: [Double]) {
        let cell = try FullCellModel(design: design, temperature_K: temperature_K, aging: false)
        let y = cell.initialState(stateOfCharge: 1)
        let j = design.currentDensity(cRate: cRate)
        return y.withUnsafeBufferPointer { b in
            let s = b.baseAddress!
            let film = cell.cathodeFilmASR_ohm_m2(s)
            let series = cell.seriesASR_ohm_m2(s) - film
            let block = cell.kinetics.cathode(current: j, film: film)
            let reaction = block.overpotential_V - block.ionicOverpotential_V   // J·r = η_C + J·ASR_CEI
            let parts = [j * cell.bulkASR_ohm_m2, j * (series - cell.bulkASR_ohm_m2), cell.kinetics.lithium(current: j, contact: cell.lithiumContact(s)).V,
                         reaction - j * film, j * film, block.ionicOverpotential_V]
            return (parts.reduce(0, +), parts)
        }
    }

    /// Mean of (V_charge − V_discharge)/2 at equal mean stoichiometry over the discharge's SoC window, V, from a traced
    /// run whose first step is the CC charge and whose next is the CC discharge.
    public static func plateauHalfGap_V(_ run: Solution, file: String, line: Int?) throws -> Double {
        func fail(_ why: String) -> InputError { InputError(file: file, line: line, key: "value", message: "the plateau overpotential cannot be read: \(why)") }
        guard let trace = run.trace, let charge = trace.step.first else { throw fail("the run has no trace") }
        let c = trace.step.indices.filter { trace.step[$0] == charge }
        let d = trace.step.indices.filter { trace.step[$0] == charge + 1 }
        guard c.count >= 2, d.count >= 2 else { throw fail("the run has no charge and discharge") }
        // Discharge: capacity from its start; charge: voltage against x̄ (x̄ falls on charge, so reversed to rise).
        let q = d.map { trace.charge_C_m2[$0] - trace.charge_C_m2[d[0]] }
        let xd = d.map { trace.meanStoichiometry[$0] }, vd = d.map { trace.voltage_V[$0] }
        let xc = c.reversed().map { trace.meanStoichiometry[$0] }, vc = c.reversed().map { trace.voltage_V[$0] }
        guard let total = q.last, total > 0 else { throw fail("the discharge passes no charge") }
        var sum = 0.0
        for k in 0..<plateauSamples {
            let soc = plateauWindow.upperBound - (plateauWindow.upperBound - plateauWindow.lowerBound) * Double(k) / Double(plateauSamples - 1)
            let at = (1 - soc) * total
            let x = VoltageCurve.voltage(at: at, capacities: q, voltages: xd)
            let v = VoltageCurve.voltage(at: at, capacities: q, voltages: vd)
            guard x >= xc[0], x <= xc[xc.count - 1] else { throw fail(String(format: "x̄ = %.4f at SoC %.0f %% was not reached on charge", x, soc * 100)) }
            sum += 0.5 * (VoltageCurve.voltage(at: x, capacities: xc, voltages: vc) - v)
        }
        return sum / Double(plateauSamples)
    }
}
