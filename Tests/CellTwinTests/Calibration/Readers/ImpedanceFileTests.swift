import Foundation
import Testing
@testable import CellTwin

@Suite("Impedance spectra files: BioLogic, impedance.py and generic CSV")
struct ImpedanceFileTests {
    @Test("derived GEIS CSV: 45 Li‖Li spectra of 9 points, −Im(Z) flipped to Z″, selectable by index")
    func geisSpectra() throws {
        let file = try ImpedanceFile(path: ReaderFixtures.geis)
        #expect(file.spectra.count == 45)
        #expect(file.spectra.map(\.index) == Array(1...45))
        #expect(file.spectra.allSatisfy { $0.spectrum.count == 9 })
        let first = try file.spectrum(1).spectrum
        #expect(first.frequencies_Hz.first == 500.16003 && abs((first.frequencies_Hz.last ?? 0) - 0.80) < 0.01)
        #expect(first.impedances_ohm[0] == Complex(203.12816, -34.985306)) // capacitive: Z″ < 0
        #expect(first.real_ohm.allSatisfy { (200...270).contains($0) })
        let last = try file.spectrum(45).spectrum
        #expect(last.real_ohm.allSatisfy { (94...100).contains($0) })
        #expect(throws: InputError.self) { try file.spectrum(46) }
        #expect(try file.spectrum().index == 1)
    }

    @Test("impedance.py exampleData.csv: no header, signed Im(Z), 66 points from 3.16 mHz to 10 kHz")
    func exampleData() throws {
        let s = try ImpedanceFile(path: ReaderFixtures.exampleData).spectrum().spectrum
        #expect(s.count == 66)
        #expect(s.frequencies_Hz.first == 3.1623e-3 && s.frequencies_Hz.last == 1e4)
        #expect(s.impedances_ohm[0] == Complex(4.949989776405060160e-02, -2.043869854441892481e-02))
        #expect(s.imaginary_ohm.filter { $0 > 0 }.count == 9)
    }

    @Test("EC-Lab ASCII .mpt (Latin-1, CRLF, 'Nb header lines : 61'): 43 points from 1 kHz, −Im(Z) flipped")
    func mptFile() throws {
        let s = try ImpedanceFile(path: ReaderFixtures.mpt).spectrum().spectrum
        #expect(s.count == 43)
        #expect(s.frequencies_Hz[0] == 1.0003201e3)
        #expect(s.impedances_ohm[0] == Complex(6.5470886e1, -3.8998979e-1))
        let table = try BioLogicText.table(path: ReaderFixtures.mpt)
        #expect(table.header?.contains("Cs/µF") == true) // the Latin-1 µ decoded
        #expect(table.rows.first?.line == 62)
    }

    @Test("generic CSV with a header, BOM, CRLF, semicolons and our own CSV written back")
    func genericCSV() throws {
        let text = "\u{FEFF}frequency_Hz;Z_re_ohm;Z_im_ohm\r\n1000;1,5;-0,25\r\n100;2.5;-1\r\n\r\n10;4;-0.5\r\n"
        let s = try ImpedanceFile(path: try ReaderFixtures.temporaryFile("bom.csv", text)).spectrum().spectrum
        #expect(s.frequencies_Hz == [1000, 100, 10])
        #expect(s.impedances_ohm == [Complex(1.5, -0.25), Complex(2.5, -1), Complex(4, -0.5)])
        let model = try Circuit("R0-p(R1,C1)").spectrum(frequencies_Hz: [1e3, 1e2, 10, 1], parameters: [1, 2, 1e-3])
        let back = try ImpedanceFile(path: try ReaderFixtures.temporaryFile("own.csv", model.csv())).spectrum().spectrum
        for (a, b) in zip(back.impedances_ohm, model.impedances_ohm) { #expect(close(a, b, rel: 1e-9)) }
        let minus = "freq/Hz,ReZ,-Im(Z)/Ohm\n1,2,3\n2,2,3\n3,2,3\n"
        let m = try ImpedanceFile(path: try ReaderFixtures.temporaryFile("minus.csv", minus)).spectrum().spectrum
        #expect(m.imaginary_ohm == [-3, -3, -3])
    }

    @Test("bad files: errors name the file, line and column", arguments: [
        ("1,2,3\n2,abc,3\n3,2,1\n", "bad.csv:2", "column 2 (Re(Z)): 'abc' is not a number"),
        ("1,2,3\n0,2,3\n3,2,1\n", "bad.csv:2", "frequency 0.0 Hz is not positive"),
        ("1,2,3\n-5,2,3\n3,2,1\n", "bad.csv:2", "is not positive"),
        ("1,2,3\n2,2,NaN\n3,2,1\n", "bad.csv:2", "column 3 (Im(Z)): 'NaN' is not a finite number"),
        ("1,2,3\n2,2\n3,2,1\n", "bad.csv:2", "column 3 (Im(Z)) is missing"),
        ("1,2,3\n2,2,3\n", "bad.csv:1", "spectrum 1 has 2 points"),
        ("f,Re,Phase\n1,2,3\n2,2,3\n3,2,3\n", "bad.csv", "no imaginary-part"),
        ("", "bad.csv", "no data"),
    ])
    func badFiles(text: String, location: String, words: String) throws {
        let path = try ReaderFixtures.temporaryFile("bad.csv", text)
        do {
            _ = try ImpedanceFile(path: path)
            Issue.record("accepted")
        } catch let e as InputError {
            #expect(e.description.contains(location), "\(e)")
            #expect(e.description.contains(words), "\(e)")
        }
    }

    @Test("a missing file is an InputError naming it")
    func missingFile() {
        #expect(throws: InputError.self) { try ImpedanceFile(path: "/nonexistent/spectrum.csv") }
        #expect(throws: InputError.self) { try GalvanostaticData.readBioLogic(path: "/nonexistent/gcpl.txt") }
    }
}
