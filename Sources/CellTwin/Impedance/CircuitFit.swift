import Foundation

/// How the residuals of a circuit fit are weighted.
public enum ImpedanceWeighting: String, Sendable, CaseIterable {
    /// rᵢ = [Z′_model − Z′_data, Z″_model − Z″_data], unweighted (impedance.py's default).
    case unit
    /// The same divided by |Z_data| at each frequency (relative errors: every decade counts alike).
    case modulus
}

/// A circuit fitted to a spectrum.
public struct CircuitFitResult: Sendable {
    public struct Parameter: Sendable, Equatable {
        public var name: String
        public var unit: String
        public var value: Double
        /// Standard error (nil when the data do not determine the parameter).
        public var standardError: Double?
        /// 95 % confidence interval (see ``NonlinearLeastSquaresResult/Estimate/interval``).
        public var interval: ClosedRange<Double>?
    }

    public var circuit: Circuit
    public var parameters: [Parameter]
    public var weighting: ImpedanceWeighting
    /// Number of frequencies fitted (2 residuals each).
    public var points: Int
    /// χ² = Σ residuals² (in Ω² for unit weighting, dimensionless for modulus weighting).
    public var chiSquare: Double
    /// The model at the measured frequencies.
    public var fitted: ImpedanceSpectrum
    public var initialGuess: [Double]
    public var leastSquares: NonlinearLeastSquaresResult

    public var values: [Double] { parameters.map(\.value) }
    public func value(_ name: String) -> Double? { parameters.first { $0.name == name }?.value }
}

public enum CircuitFitError: Error, CustomStringConvertible, Equatable {
    case initialCount(circuit: String, expected: Int, got: Int, names: [String])
    case tooFewPoints(points: Int, parameters: Int)

    public var description: String {
        switch self {
        case let .initialCount(c, e, g, names):
            return "circuit \"\(c)\" has \(e) parameters (\(names.joined(separator: ", "))) but \(g) initial values were given"
        case let .tooFewPoints(n, p):
            return "\(n) frequencies give \(2 * n) residuals, fewer than the circuit's \(p) parameters"
        }
    }
}

/// Complex nonlinear least squares of an equivalent circuit to an impedance spectrum (DOMAIN A3).
///
/// Residuals stack [Re, Im] as impedance.py does; every parameter is positive and fitted in log space, the
/// exponents of CPE, La, Zarc and TLMQ are kept in (0, 1) by a logistic transform (impedance.py bounds CPE and
/// La to [0, 1]).
public enum CircuitFit {
    public static func fit(_ circuit: Circuit, to spectrum: ImpedanceSpectrum, initial: [Double]? = nil,
                           weighting: ImpedanceWeighting = .unit,
                           options: NonlinearLeastSquaresOptions? = nil) throws -> CircuitFitResult {
        let names = circuit.parameterNames
        if let initial, initial.count != circuit.parameterCount {
            throw CircuitFitError.initialCount(circuit: circuit.description, expected: circuit.parameterCount,
                                               got: initial.count, names: names)
        }
        guard 2 * spectrum.count >= circuit.parameterCount else {
            throw CircuitFitError.tooFewPoints(points: spectrum.count, parameters: circuit.parameterCount)
        }
        let candidates = initial.map { [$0] } ?? initialGuesses(circuit, for: spectrum)
        var o = options ?? NonlinearLeastSquaresOptions()
        if options == nil, initial == nil { o.starts = 4 } // automatic guesses are rough: also try around them
        var best: (guess: [Double], result: NonlinearLeastSquaresResult)?
        var firstError: Error?
        for guess in candidates {
            do {
                let r = try fitOnce(circuit, to: spectrum, guess: guess, weighting: weighting, options: o)
                if let b = best, b.result.chiSquare <= r.chiSquare { continue }
                best = (guess, r)
            } catch {
                if initial != nil { throw error }
                firstError = firstError ?? error
            }
        }
        guard let (guess, ls) = best else {
            throw firstError ?? NonlinearLeastSquaresError.allStartsFailed("no initial guess")
        }
        let f = spectrum.frequencies_Hz
        let n = spectrum.count
        let units = circuit.parameterUnits
        let parameters = ls.estimates.enumerated().map { k, e in
            CircuitFitResult.Parameter(name: e.name, unit: units[k], value: e.value, standardError: e.standardError,
                                       interval: e.interval)
        }
        return CircuitFitResult(circuit: circuit, parameters: parameters, weighting: weighting, points: n,
                                chiSquare: ls.chiSquare, fitted: circuit.spectrum(frequencies_Hz: f, parameters: ls.parameters),
                                initialGuess: guess, leastSquares: ls)
    }

    /// One least-squares run from `guess` (positive parameters in log space, CPE α in (0, 1)).
    static func fitOnce(_ circuit: Circuit, to spectrum: ImpedanceSpectrum, guess: [Double], weighting: ImpedanceWeighting,
                        options: NonlinearLeastSquaresOptions) throws -> NonlinearLeastSquaresResult {
        var fitParameters: [FitParameter] = []
        for element in circuit.elements {
            for (k, name) in element.parameterNames.enumerated() {
                let value = guess[fitParameters.count]
                if element.type.exponentParameterIndex == k {
                    // α strictly inside (0, 1) so the logistic map has a finite inverse; 1 starts at 0.99.
                    fitParameters.append(FitParameter(name, initial: value.isFinite ? min(max(value, 0.01), 0.99) : value,
                                                      .bounded(lower: 0, upper: 1)))
                } else {
                    fitParameters.append(FitParameter(name, initial: value, .positive))
                }
            }
        }
        let f = spectrum.frequencies_Hz
        let data = spectrum.impedances_ohm
        let w: [Double] = weighting == .modulus ? data.map { 1 / max($0.modulus, .leastNormalMagnitude) } : data.map { _ in 1 }
        let n = spectrum.count
        return try NonlinearLeastSquares.fit(fitParameters, residualCount: 2 * n, options: options) { p in
            let z = circuit.impedances(frequencies_Hz: f, parameters: p)
            var r = [Double](repeating: 0, count: 2 * n)
            for k in 0..<n {
                r[k] = (z[k].re - data[k].re) * w[k]
                r[n + k] = (z[k].im - data[k].im) * w[k]
            }
            return r
        }
    }

    /// ``initialGuess(_:for:)`` for every order in which the capacitive elements can take the log-spaced
    /// frequencies (at most 24 orders; one guess when there are fewer than two capacitive elements).
    public static func initialGuesses(_ circuit: Circuit, for spectrum: ImpedanceSpectrum) -> [[Double]] {
        let count = circuit.elements.filter { $0.type.isCapacitive }.count
        guard count > 1 else { return [initialGuess(circuit, for: spectrum)] }
        func permutations(_ a: [Int]) -> [[Int]] {
            guard a.count > 1 else { return [a] }
            return a.indices.flatMap { i in
                permutations(Array(a[..<i] + a[(i + 1)...])).map { [a[i]] + $0 }
            }
        }
        return permutations(Array(0..<count)).prefix(24).map { initialGuess(circuit, for: spectrum, frequencyOrder: $0) }
    }

    /// Starting values read off the spectrum: a series resistor at the top level takes the high-frequency
    /// intercept; the other resistances (R in branches, Warburg Z₀) share the rest of the real-axis span; each
    /// capacitive element (C, CPE with α = 0.9) is placed at its own frequency, log-spaced from high to low in
    /// string order (the apex of −Z″ for a single one); so is the time constant of K, Zarc, G and Gs (τ = 1/(2πf))
    /// and the Q of TLMQ; Warburg and T time constants τ = 1/(2π f_min); W from −Z″ at f_min; L and La (α = 0.99)
    /// from the inductive tail.
    /// `frequencyOrder[k]` is the slot (0 = highest frequency) of the k-th capacitive element.
    public static func initialGuess(_ circuit: Circuit, for spectrum: ImpedanceSpectrum, frequencyOrder: [Int]? = nil) -> [Double] {
        let features = SpectrumFeatures(spectrum)
        let fs = spectrum.frequencies_Hz
        let fMax = fs.max() ?? 1, fMin = fs.min() ?? 1
        let reMax = spectrum.real_ohm.max() ?? 1
        let scale = max(spectrum.modulus_ohm.max() ?? 1, 1e-12)
        let hf = max(features.highFrequencyIntercept_ohm, 1e-3 * scale)
        let span = max(max(features.lowestFrequencyReal_ohm, reMax) - hf, 0.05 * scale)

        var topSeries: Set<Int> = []
        switch circuit.root {
        case .element(let i): topSeries.insert(i)
        case .series(let nodes): for case .element(let i) in nodes where circuit.elements[i].type == .R { topSeries.insert(i) }
        case .parallel: break
        }
        let seriesR = topSeries.filter { circuit.elements[$0].type == .R }.min()
        let sharing = circuit.elements.indices.filter { i in
            let t = circuit.elements[i].type
            return (t == .R && i != seriesR) || [.Wo, .Ws, .Wsph, .G, .Gs, .K, .Zarc, .TLMQ, .T].contains(t)
        }.count
        let rShare = span / Double(max(sharing, 1))
        let capacitive = circuit.elements.indices.filter { circuit.elements[$0].type.isCapacitive }
        func frequency(ofCapacitive i: Int) -> Double {
            guard capacitive.count > 1, let position = capacitive.firstIndex(of: i) else { return features.apexFrequency_Hz }
            let k = frequencyOrder.map { $0.indices.contains(position) ? $0[position] : position } ?? position
            let a = log(fMax), b = log(fMin)
            return exp(a + (b - a) * (Double(k) + 0.5) / Double(capacitive.count))
        }
        let tauW = 1 / (2 * Double.pi * fMin)
        var guess: [Double] = []
        for (i, e) in circuit.elements.enumerated() {
            switch e.type {
            case .R: guess.append(i == seriesR ? hf : rShare)
            case .C: guess.append(1 / (2 * Double.pi * frequency(ofCapacitive: i) * rShare))
            case .CPE:
                let alpha = 0.9
                guess += [pow(2 * Double.pi * frequency(ofCapacitive: i), -alpha) / rShare, alpha]
            case .L:
                let tail = spectrum.impedances_ohm[fs.firstIndex(of: fMax) ?? 0].im
                guess.append(tail > 0 ? tail / (2 * Double.pi * fMax) : 0.01 * hf / (2 * Double.pi * fMax))
            case .W:
                guess.append(max(features.lowestFrequencyMinusImaginary_ohm, 0.1 * rShare) * (2 * Double.pi * fMin).squareRoot())
            case .Wo, .Ws, .Wsph: guess += [rShare, tauW]
            case .La:
                let tail = spectrum.impedances_ohm[fs.firstIndex(of: fMax) ?? 0].im
                guess += [tail > 0 ? tail / (2 * Double.pi * fMax) : 0.01 * hf / (2 * Double.pi * fMax), 0.99]
            case .K: guess += [rShare, 1 / (2 * Double.pi * frequency(ofCapacitive: i))]
            case .Zarc: guess += [rShare, 1 / (2 * Double.pi * frequency(ofCapacitive: i)), 0.9]
            case .G: guess += [rShare, 1 / (2 * Double.pi * frequency(ofCapacitive: i))]
            case .Gs: guess += [rShare, 1 / (2 * Double.pi * frequency(ofCapacitive: i)), 1]
            case .TLMQ:
                let alpha = 0.9
                guess += [rShare, pow(2 * Double.pi * frequency(ofCapacitive: i), -alpha) / rShare, alpha]
            case .T: guess += [rShare, rShare, 1, tauW]
            }
        }
        return guess
    }
}
