import Foundation
import Testing
@testable import CellTwin

@Suite("BioLogic EC-Lab text exports: header blocks, loop files and galvanostatic data")
struct BioLogicTextTests {
    @Test("BioLogic GCPL text (CRLF, trailing tab, no current column): 76,807 rows in 45 loops, sensible ranges")
    func gcplText() throws {
        let d = try GalvanostaticData.readBioLogic(path: ReaderFixtures.gcpl)
        #expect(d.count == 76_807)
        #expect(d.current_A == nil)
        #expect(abs(d.time_s[0] - 907.6301776229229) < 1e-9)
        #expect(abs((d.time_s.last ?? 0) - 163_243.4105954436) < 1e-6)
        let v = d.voltage_V
        #expect((v.min() ?? 0) > 0.004 && (v.max() ?? 1) < 0.67)
        let sorted = v.sorted()
        #expect(sorted[sorted.count / 2] > 0.05 && sorted[sorted.count / 2] < 0.15) // median overpotential
        let loops = d.loops(startingAt: try BioLogicText.loopIndexes(path: ReaderFixtures.gcplLoops))
        #expect(loops.count == 45)
        #expect(loops.first == 0..<709 && loops.last?.upperBound == d.count)
    }

    @Test("EC-Lab ASCII GCPL with a header block and a current column; time going backwards is an error")
    func gcplWithHeaderBlock() throws {
        let head = "EC-Lab ASCII FILE\r\nNb header lines : 5\r\n\r\nGalvanostatic Cycling with Potential Limitation\r\n"
        let columns = "mode\tox/red\ttime/s\tcontrol/V/mA\tEwe/V\tI/mA\tcycle number\t\r\n"
        let rows = "1\t1\t0.0\t0.4\t0,0512\t0.4\t0\t\r\n1\t1\t1.5\t0.4\t0,0520\t0.4\t0\t\r\n1\t0\t3.0\t-0.4\t-0,0490\t-0.4\t1\t\r\n"
        let d = try GalvanostaticData.readBioLogic(path: try ReaderFixtures.temporaryFile("gcpl.mpt", head + columns + rows))
        #expect(d.time_s == [0, 1.5, 3])
        #expect(d.voltage_V == [0.0512, 0.052, -0.049]) // decimal commas read
        #expect(d.current_A == [4e-4, 4e-4, -4e-4])
        let back = head + columns + "1\t1\t5.0\t0.4\t0.05\t0.4\t0\r\n1\t1\t4.0\t0.4\t0.05\t0.4\t0\r\n"
        do {
            _ = try GalvanostaticData.readBioLogic(path: try ReaderFixtures.temporaryFile("back.mpt", back))
            Issue.record("accepted")
        } catch let e as InputError {
            #expect(e.description.contains("back.mpt:7") && e.description.contains("time goes backwards"), "\(e)")
        }
    }

    @Test("GEIS loop file: 45 spectra of 9 points")
    func geisLoopIndexes() throws {
        let idx = try BioLogicText.loopIndexes(path: ReaderFixtures.geisLoops)
        #expect(idx.count == 46 && idx.first == 0 && idx.last == 405)
        #expect(zip(idx, idx.dropFirst()).allSatisfy { $1 - $0 == 9 })
    }

    @Test("a header block: 'Nb header lines : N' puts the column names on line N; a bad count names line 2")
    func headerBlock() throws {
        let text = "EC-Lab ASCII FILE\r\nNb header lines : 4\r\n\r\nfreq/Hz\tRe(Z)/Ohm\t-Im(Z)/Ohm\r\n1000\t5\t1\r\n"
        let t = try BioLogicText.table(text: text, path: "s.mpt")
        #expect(t.header == ["freq/Hz", "Re(Z)/Ohm", "-Im(Z)/Ohm"] && t.rows.map(\.line) == [5])
        #expect(BioLogicText.isBioLogic(text) && BioLogicText.isBioLogic("time/s\tEwe/V\n0\t3\n") && !BioLogicText.isBioLogic("a,b\n1,2\n"))
        #expect { try BioLogicText.table(text: "EC-Lab ASCII FILE\nNb header lines = 4\n", path: "s.mpt") } throws: {
            "\($0)".hasPrefix("s.mpt:2: an EC-Lab ASCII file must give 'Nb header lines : N' on line 2")
        }
        #expect { try BioLogicText.table(text: "EC-Lab ASCII FILE\nNb header lines : 0\n", path: "s.mpt") } throws: {
            "\($0)" == "s.mpt:2: 'Nb header lines : 0' must be at least 1"
        }
        #expect(BioLogicText.headerLineCount("Nb header lines : 61 ") == 61 && BioLogicText.headerLineCount("Nb loops : 3") == nil)
    }

    @Test("loop files: increasing 0-based rows; a decrease or text names its line")
    func loopFiles() throws {
        let ok = try ReaderFixtures.temporaryFile("a_LOOP.txt", "VMP EXPERIMENT LOOP INDEXES\n\n0\n9\n18\n")
        #expect(try BioLogicText.loopIndexes(path: ok) == [0, 9, 18])
        let down = try ReaderFixtures.temporaryFile("b_LOOP.txt", "VMP EXPERIMENT LOOP INDEXES\n0\n9\n4\n")
        #expect { try BioLogicText.loopIndexes(path: down) } throws: { "\($0)".hasSuffix("b_LOOP.txt:4: row index 4 is smaller than the one before (9)") }
        let text = try ReaderFixtures.temporaryFile("c_LOOP.txt", "VMP EXPERIMENT LOOP INDEXES\n0\nx\n")
        #expect { try BioLogicText.loopIndexes(path: text) } throws: { "\($0)".hasSuffix("c_LOOP.txt:3: 'x' is not a row index") }
        let other = try ReaderFixtures.temporaryFile("d.txt", "0\n9\n")
        #expect { try BioLogicText.loopIndexes(path: other) } throws: { "\($0)".contains("d.txt:1: not a BioLogic loop file") }
    }
}
