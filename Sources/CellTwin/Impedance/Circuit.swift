import Foundation

/// An equivalent circuit written in impedance.py's circuit-string syntax:
/// `-` joins elements in series, `p(a,b,…)` puts branches in parallel, and each element is a type
/// followed by an index (`R0`, `C1`, `CPE1`, `W1`, `Wo1`, `Ws1`, `L0`; see ``ElementType``).
///
/// Example: `R0-p(R1,CPE1)-Wo1` has the parameters `R0, R1, CPE1_0, CPE1_1, Wo1_0, Wo1_1`, in the order of the
/// string, the order ``impedance(frequency_Hz:parameters:)`` and the fitter take them.
public struct Circuit: Sendable, Equatable, CustomStringConvertible {
    /// The circuit tree. Leaves hold an index into ``elements``.
    public indirect enum Node: Sendable, Equatable {
        case element(Int)
        case series([Node])
        case parallel([Node])
    }

    public let root: Node
    /// Elements in the order they appear in the string.
    public let elements: [CircuitElement]
    /// Index of each element's first parameter in the parameter array.
    public let parameterOffsets: [Int]

    /// Parses a circuit string (whitespace is ignored). Throws ``CircuitParseError`` quoting the string.
    public init(_ string: String) throws {
        var parser = CircuitParser(string)
        let (root, elements) = try parser.parse()
        self.root = root
        self.elements = elements
        var offsets: [Int] = []
        var next = 0
        for e in elements {
            offsets.append(next)
            next += e.type.parameterCount
        }
        parameterOffsets = offsets
    }

    /// Number of parameters.
    public var parameterCount: Int { elements.reduce(0) { $0 + $1.type.parameterCount } }

    /// Parameter names as impedance.py prints them (`R0`, `CPE1_0`, `CPE1_1`, `Wo1_0`, `Wo1_1`).
    public var parameterNames: [String] { elements.flatMap(\.parameterNames) }

    /// Unit of each parameter.
    public var parameterUnits: [String] { elements.flatMap(\.type.units) }

    /// The canonical circuit string (no whitespace); parsing it gives an equal circuit.
    public var description: String { Self.render(root, elements) }

    private static func render(_ node: Node, _ elements: [CircuitElement]) -> String {
        switch node {
        case .element(let i): return elements[i].name
        case .series(let nodes): return nodes.map { render($0, elements) }.joined(separator: "-")
        case .parallel(let nodes): return "p(" + nodes.map { render($0, elements) }.joined(separator: ",") + ")"
        }
    }

    /// Z(f) in Ω for `parameters` (``parameterCount`` values, in string order). Frequencies in Hz, > 0.
    public func impedance(frequency_Hz: Double, parameters: [Double]) -> Complex {
        precondition(parameters.count == parameterCount, "circuit \(self) takes \(parameterCount) parameters")
        return parameters.withUnsafeBufferPointer { evaluate(root, omega: 2 * Double.pi * frequency_Hz, $0) }
    }

    /// Z at each frequency (Hz).
    public func impedances(frequencies_Hz: [Double], parameters: [Double]) -> [Complex] {
        precondition(parameters.count == parameterCount, "circuit \(self) takes \(parameterCount) parameters")
        return parameters.withUnsafeBufferPointer { p in
            frequencies_Hz.map { evaluate(root, omega: 2 * Double.pi * $0, p) }
        }
    }

    /// The spectrum of this circuit at the given frequencies.
    public func spectrum(frequencies_Hz: [Double], parameters: [Double]) -> ImpedanceSpectrum {
        ImpedanceSpectrum(frequencies_Hz: frequencies_Hz,
                          impedances_ohm: impedances(frequencies_Hz: frequencies_Hz, parameters: parameters))
    }

    private func evaluate(_ node: Node, omega: Double, _ p: UnsafeBufferPointer<Double>) -> Complex {
        switch node {
        case .element(let i):
            return elements[i].type.impedance(omega: omega, p, offset: parameterOffsets[i])
        case .series(let nodes):
            var z = Complex.zero
            for n in nodes { z += evaluate(n, omega: omega, p) }
            return z
        case .parallel(let nodes):
            var y = Complex.zero
            for n in nodes { y += 1 / evaluate(n, omega: omega, p) }
            return 1 / y
        }
    }
}

/// A circuit string that cannot be read. `description` quotes the string and says where and why.
public struct CircuitParseError: Error, CustomStringConvertible, Equatable {
    public var circuit: String
    /// Character offset (0-based) of the problem, when there is one.
    public var position: Int?
    public var message: String

    public var description: String {
        var s = "circuit \"\(circuit)\": \(message)"
        if let position { s += " (at character \(position + 1))" }
        return s + ". Write elements as type + index (\(ElementType.allCases.map(\.rawValue).joined(separator: ", "))), "
            + "'-' for series and p(a,b) for parallel, e.g. \"R0-p(R1,CPE1)-Wo1\""
    }
}

/// Recursive-descent parser:  series := term ('-' term)* ;  term := 'p(' series (',' series)+ ')' | NAME.
struct CircuitParser {
    private let original: String
    /// Characters without whitespace, each with its position in the original string.
    private let chars: [(Character, Int)]
    private var i = 0
    private var elements: [CircuitElement] = []

    init(_ string: String) {
        original = string
        chars = string.enumerated().filter { !$0.element.isWhitespace }.map { ($0.element, $0.offset) }
    }

    private func error(_ message: String, at index: Int? = nil) -> CircuitParseError {
        let k = index ?? i
        let position = k < chars.count ? chars[k].1 : (k == chars.count && !chars.isEmpty ? (chars.last?.1 ?? 0) + 1 : nil)
        return CircuitParseError(circuit: original, position: position, message: message)
    }

    private var current: Character? { i < chars.count ? chars[i].0 : nil }

    mutating func parse() throws -> (Circuit.Node, [CircuitElement]) {
        guard !chars.isEmpty else {
            throw CircuitParseError(circuit: original, position: nil, message: "the circuit is empty")
        }
        let opens = chars.filter { $0.0 == "(" }.count, closes = chars.filter { $0.0 == ")" }.count
        if opens != closes {
            throw CircuitParseError(circuit: original, position: nil,
                                    message: "unbalanced parentheses (\(opens) '(' and \(closes) ')')")
        }
        let root = try series()
        if let c = current {
            throw error(c == ")" ? "unexpected ')'" : "unexpected '\(c)' after a complete circuit")
        }
        return (root, elements)
    }

    private mutating func series() throws -> Circuit.Node {
        var nodes = [try term()]
        while current == "-" {
            i += 1
            nodes.append(try term())
        }
        return nodes.count == 1 ? nodes[0] : .series(nodes)
    }

    private mutating func term() throws -> Circuit.Node {
        guard let c = current else { throw error("the circuit ends where an element was expected") }
        if c == "p", i + 1 < chars.count, chars[i + 1].0 == "(" {
            let start = i
            i += 2
            var branches = [try series()]
            while current == "," {
                i += 1
                branches.append(try series())
            }
            guard current == ")" else {
                throw error(current.map { "expected ',' or ')' but found '\($0)'" } ?? "a 'p(' is never closed", at: i)
            }
            i += 1
            guard branches.count >= 2 else { throw error("p(…) needs at least two branches separated by ','", at: start) }
            return .parallel(branches)
        }
        guard c.isLetter else {
            throw error(c == "(" || c == ")" || c == "," || c == "-" ? "expected an element but found '\(c)'"
                                                                      : "unexpected character '\(c)'")
        }
        let start = i
        var name = ""
        while let ch = current, ch.isLetter || ch.isNumber || ch == "_" {
            name.append(ch)
            i += 1
        }
        guard let (type, index) = ElementType.parseName(Substring(name)) else {
            let letters = String(name.prefix { $0.isLetter })
            throw error("unknown element '\(name)' (type '\(letters)' is not one of "
                        + ElementType.allCases.map(\.rawValue).joined(separator: ", ") + ")", at: start)
        }
        guard !index.isEmpty, index.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw error("element '\(name)' needs a numeric index after its type, e.g. '\(type.rawValue)1'", at: start)
        }
        if elements.contains(where: { $0.name == name }) {
            throw error("element name '\(name)' is used twice", at: start)
        }
        elements.append(CircuitElement(name: name, type: type))
        return .element(elements.count - 1)
    }
}
