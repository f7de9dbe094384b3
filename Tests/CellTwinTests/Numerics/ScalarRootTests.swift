import Foundation
import Testing
@testable import CellTwin

private struct ProbeError: Error, Equatable {
    let x: Double
}

@Suite("ScalarRoot")
struct ScalarRootTests {

    @Test("Brent finds √2 from x² − 2 on [0, 2]")
    func squareRootOfTwo() throws {
        let root = try ScalarRoot.brent(lower: 0, upper: 2, xTolerance: 1e-12) { x in x * x - 2 }
        #expect(abs(root.x - 2.0.squareRoot()) <= 1e-12)
        #expect(root.fx == root.x * root.x - 2)
    }

    @Test("Brent solves cos x = x")
    func dottieNumber() throws {
        let dottie = 0.739_085_133_215_160_6
        let root = try ScalarRoot.brent(lower: 0, upper: 1, xTolerance: 1e-13) { x in cos(x) - x }
        #expect(abs(root.x - dottie) <= 1e-13)
        #expect(abs(root.fx) <= 1e-12)
    }

    @Test("the answer is within xTolerance of the root", arguments: [1e-1, 1e-3, 1e-6, 1e-9])
    func respectsXTolerance(tolerance: Double) throws {
        // Root of e^x − 3 at ln 3, bracket far from symmetric.
        var evaluations = 0
        let root = try ScalarRoot.brent(lower: -5, upper: 4, xTolerance: tolerance) { x in
            evaluations += 1
            return exp(x) - 3
        }
        #expect(abs(root.x - log(3.0)) <= tolerance, "x = \(root.x), tolerance \(tolerance)")
        #expect(root.x >= -5 && root.x <= 4)
        #expect(root.fx == exp(root.x) - 3)
        #expect(evaluations < 60)
    }

    @Test("the returned bracket contains the iterate and a sign change, narrower than xTolerance",
          arguments: [1e-2, 1e-5, 1e-9])
    func returnsFinalBracket(tolerance: Double) throws {
        let f: (Double) -> Double = { x in tanh(3 * (x - 0.77)) }   // root at 0.77
        let root = try ScalarRoot.brent(lower: -4, upper: 5, xTolerance: tolerance, f)
        #expect(root.lower <= root.x && root.x <= root.upper)
        // Stops on the bracket width, or earlier on an exact zero (fTolerance = 0).
        #expect(root.upper - root.lower < tolerance || root.fx == 0, "width \(root.upper - root.lower), f = \(root.fx)")
        #expect(root.lower <= 0.77 && 0.77 <= root.upper)
        #expect(f(root.lower) <= 0 && f(root.upper) >= 0, "bracket [\(root.lower), \(root.upper)]")
    }

    @Test("fTolerance stops as soon as |f| is small enough", arguments: [1e-1, 1e-4, 1e-8])
    func respectsFTolerance(tolerance: Double) throws {
        let root = try ScalarRoot.brent(lower: 0, upper: 3, xTolerance: 0, fTolerance: tolerance) { x in x * x * x - 2 }
        #expect(abs(root.fx) <= tolerance)
        #expect(root.fx == root.x * root.x * root.x - 2)
    }

    @Test("a looser tolerance never costs more evaluations")
    func looserToleranceIsCheaper() throws {
        func count(_ tol: Double) throws -> Int {
            var n = 0
            _ = try ScalarRoot.brent(lower: 0, upper: 10, xTolerance: tol) { x in n += 1; return atan(x - 3.3) }
            return n
        }
        let loose = try count(1e-2), tight = try count(1e-12)
        #expect(loose <= tight)
    }

    @Test("a root at either end of the bracket is returned at once")
    func rootAtBracketEnd() throws {
        var calls = 0
        let atLower = try ScalarRoot.brent(lower: 1, upper: 3, xTolerance: 1e-9) { x in calls += 1; return x - 1 }
        #expect(atLower.x == 1 && atLower.fx == 0 && atLower.lower == 1 && atLower.upper == 1)
        let atUpper = try ScalarRoot.brent(lower: 1, upper: 3, xTolerance: 1e-9) { x in calls += 1; return x - 3 }
        #expect(atUpper.x == 3 && atUpper.fx == 0 && atUpper.lower == 3 && atUpper.upper == 3)
        #expect(calls == 4)
    }

    @Test("supplied end values are used instead of evaluating the ends")
    func suppliedEndValuesAreUsed() throws {
        var probes: [Double] = []
        let root = try ScalarRoot.brent(lower: 0, upper: 2, fLower: -2, fUpper: 2, xTolerance: 1e-10) { x in
            probes.append(x)
            return x * x - 2
        }
        #expect(abs(root.x - 2.0.squareRoot()) <= 1e-10)
        #expect(!probes.contains(0) && !probes.contains(2), "probes: \(probes)")
        #expect(!probes.isEmpty)
    }

    @Test("a decreasing function is solved as well")
    func decreasingFunction() throws {
        let root = try ScalarRoot.brent(lower: 0, upper: 20, xTolerance: 1e-10) { x in 4.2 - 0.35 * x }
        #expect(abs(root.x - 12) <= 1e-10)
    }

    struct Unbracketed: Sendable, CustomTestStringConvertible {
        let lower: Double, upper: Double
        let kind: Int   // 0: x² + 1, 1: x − 5, 2: −(x − 0.5)²  − 1
        var testDescription: String { "[\(lower), \(upper)] kind \(kind)" }
        func f(_ x: Double) -> Double {
            switch kind {
            case 0: return x * x + 1
            case 1: return x - 5
            default: return -(x - 0.5) * (x - 0.5) - 1
            }
        }
    }

    @Test("throws notBracketed when both ends have the same sign", arguments: [
        Unbracketed(lower: -1, upper: 1, kind: 0),
        Unbracketed(lower: 0, upper: 4, kind: 1),
        Unbracketed(lower: 6, upper: 9, kind: 1),
        Unbracketed(lower: -3, upper: 3, kind: 2),
    ])
    func notBracketed(c: Unbracketed) {
        #expect(throws: RootError.notBracketed(lower: c.lower, upper: c.upper, fLower: c.f(c.lower), fUpper: c.f(c.upper))) {
            _ = try ScalarRoot.brent(lower: c.lower, upper: c.upper, xTolerance: 1e-9) { c.f($0) }
        }
    }

    @Test("x² − 2 on [−2, 2] is not bracketed (two roots, same end signs)")
    func twoRootsNotBracketed() {
        #expect(throws: RootError.notBracketed(lower: -2, upper: 2, fLower: 2, fUpper: 2)) {
            _ = try ScalarRoot.brent(lower: -2, upper: 2, xTolerance: 1e-9) { $0 * $0 - 2 }
        }
    }

    @Test("an error thrown by the function inside the bracket propagates")
    func propagatesInteriorError() {
        var calls = 0
        #expect(throws: ProbeError.self) {
            _ = try ScalarRoot.brent(lower: 0, upper: 2, xTolerance: 1e-12) { x in
                calls += 1
                if x > 0 && x < 2 { throw ProbeError(x: x) }
                return x * x - 2
            }
        }
        #expect(calls == 3, "both ends, then the first interior probe, and nothing after the error")
    }

    @Test("an error thrown by a later probe propagates as the same error")
    func propagatesLaterError() {
        var calls = 0
        do {
            _ = try ScalarRoot.brent(lower: 0, upper: 2, xTolerance: 1e-14) { x in
                calls += 1
                if calls == 5 { throw ProbeError(x: x) }
                return cos(x) - x
            }
            Issue.record("expected ProbeError")
        } catch let error as ProbeError {
            #expect(error.x > 0 && error.x < 2)
            #expect(calls == 5)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("an error thrown at a bracket end propagates")
    func propagatesEndError() {
        #expect(throws: ProbeError(x: 2)) {
            _ = try ScalarRoot.brent(lower: 0, upper: 2, xTolerance: 1e-9) { x in
                if x == 2 { throw ProbeError(x: x) }
                return x - 1
            }
        }
    }

    @Test("throws noConvergence when the iteration budget runs out")
    func noConvergence() {
        #expect(throws: RootError.noConvergence(iterations: 2)) {
            _ = try ScalarRoot.brent(lower: 0, upper: 10, xTolerance: 1e-15, maxIterations: 2) { x in atan(x - 3.3) }
        }
    }

    @Test("RootError descriptions mention the ends and the iteration count")
    func descriptions() {
        let d = RootError.notBracketed(lower: 1, upper: 2, fLower: 3, fUpper: 4).description
        #expect(d.contains("f(1.0) = 3.0") && d.contains("f(2.0) = 4.0"))
        #expect(RootError.noConvergence(iterations: 7).description.contains("7"))
    }
}
