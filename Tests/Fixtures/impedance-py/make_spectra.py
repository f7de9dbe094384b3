"""Reference spectra for CellTwin's circuit elements and linear Kramers-Kronig test.

Run once with impedance.py 1.7.1 (PyPI: `pip install impedance==1.7.1 pandas`):

    python3 make_spectra.py

from this folder. It writes

* `elements.csv`: every circuit element of `impedance/models/circuits/elements.py` evaluated by
  impedance.py at log-spaced frequencies for one or more parameter sets;
* `circuits.csv`: circuit strings that use the newer elements, evaluated by `CustomCircuit.predict`;
* `linkk.csv`: `impedance.validation.linKK` (c = 0.85, max_M = 50, fit_type = 'real') on
  `Calibration/external/impedance-py/exampleData.csv` (also with `add_cap=True`) and on two synthetic
  spectra.

Columns of the spectra: name, parameters (';'-separated, impedance.py order), frequency_Hz,
Z_re_ohm, Z_im_ohm (Z_im signed, negative when capacitive), printed with 17 significant digits.
"""
import csv
import os

import numpy as np
from impedance.models.circuits import CustomCircuit
from impedance.models.circuits.elements import circuit_elements
from impedance.validation import linKK

# impedance.py's eval_linKK builds Python source from reprs of NumPy scalars: keep NumPy 1 reprs.
np.set_printoptions(legacy="1.25")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
F = np.logspace(6, -3, 46)  # 1 MHz to 1 mHz, 5 points per decade

ELEMENTS = [
    ("R", [[12.5]]),
    ("C", [[3e-6]]),
    ("L", [[2e-7]]),
    ("W", [[7.0]]),
    ("Wo", [[25.0, 40.0]]),
    ("Ws", [[25.0, 40.0]]),
    ("CPE", [[2e-4, 0.8], [1e-5, 1.0]]),
    ("La", [[1e-6, 0.9], [3e-7, 0.5]]),
    ("G", [[30.0, 0.02]]),
    ("Gs", [[30.0, 0.02, 0.5], [30.0, 0.02, 3.0]]),
    ("K", [[40.0, 1e-3]]),
    ("Zarc", [[40.0, 1e-3, 0.8], [15.0, 2.0, 0.55]]),
    ("TLMQ", [[50.0, 1e-3, 0.9], [5.0, 2e-2, 0.7]]),
    # Re(beta) passes 100 at high frequency for the second set: impedance.py's sinh cut-off.
    ("T", [[1.0, 0.5, 2.0, 1e-3], [2.0, 1.0, 0.5, 1.0]]),
]

CIRCUITS = [
    ("R0-p(R1,CPE1)-G1", [10.0, 40.0, 2e-5, 0.85, 30.0, 0.02]),
    ("L0-R0-Zarc1-Gs1", [1e-7, 5.0, 40.0, 1e-3, 0.8, 20.0, 0.05, 1.5]),
    ("La0-R0-TLMQ1", [1e-6, 0.95, 3.0, 50.0, 1e-3, 0.9]),
    ("R0-K1-K2-T1", [2.0, 10.0, 1e-4, 20.0, 1e-1, 1.0, 0.5, 2.0, 1e-3]),
]


def number(x):
    return repr(float(x))


def write_spectra(path, rows):
    with open(path, "w", newline="") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["name", "parameters", "frequency_Hz", "Z_re_ohm", "Z_im_ohm"])
        for name, params, z in rows:
            for f, zk in zip(F, z):
                w.writerow([name, ";".join(number(p) for p in params), number(f), number(zk.real), number(zk.imag)])


def main():
    rows = []
    for name, sets in ELEMENTS:
        for params in sets:
            rows.append((name, params, circuit_elements[name](params, F.tolist())))
    write_spectra(os.path.join(HERE, "elements.csv"), rows)

    rows = []
    for string, params in CIRCUITS:
        circuit = CustomCircuit(string, initial_guess=params)
        rows.append((string, params, circuit.predict(F, use_initial=True)))
    write_spectra(os.path.join(HERE, "circuits.csv"), rows)

    # linKK on a measured spectrum and two synthetic ones (an RC-RC circuit, and the same with
    # one point's real part raised by 10 %).
    data = np.genfromtxt(os.path.join(ROOT, "Calibration", "external", "impedance-py", "exampleData.csv"),
                         delimiter=",")
    spectra = [("exampleData", data[:, 0], data[:, 1] + 1j * data[:, 2], False),
               ("exampleData-cap", data[:, 0], data[:, 1] + 1j * data[:, 2], True)]
    rc = CustomCircuit("R0-p(R1,C1)-p(R2,C2)", initial_guess=[10.0, 40.0, 1e-5, 60.0, 1e-2])
    z = rc.predict(F, use_initial=True)
    spectra.append(("RC", F, z, False))
    bad = z.copy()
    bad[20] = bad[20].real * 1.1 + 1j * bad[20].imag
    spectra.append(("RC-corrupted", F, bad, False))
    with open(os.path.join(HERE, "linkk.csv"), "w", newline="") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["name", "M", "mu", "frequency_Hz", "Z_re_ohm", "Z_im_ohm", "fit_re_ohm", "fit_im_ohm",
                    "residual_re", "residual_im"])
        for name, f, zk, cap in spectra:
            M, mu, fit, rr, ri = linKK(f, zk, c=0.85, max_M=50, fit_type="real", add_cap=cap)
            for k in range(len(f)):
                w.writerow([name, M, number(mu), number(f[k]), number(zk[k].real), number(zk[k].imag),
                            number(fit[k].real), number(fit[k].imag), number(rr[k]), number(ri[k])])


if __name__ == "__main__":
    main()
