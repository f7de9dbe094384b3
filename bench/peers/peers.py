"""CellTwin against PyBaMM's Thevenin ECM (IDAKLU) and NREL's thevenin on one CC-CV workload.

The workload, the same on the three (`make bench-peers`):
    charge at C/2 to the upper voltage, hold it until C/20, rest 10 min,
    discharge at C/2 to the lower voltage, rest 10 min; repeated for N cycles.
Each tool runs it on its own shipped cell, in its own voltage window:
    CellTwin    Li | CMP-VAMMT | LFP at 25 °C, 3.8 V / 2.5 V (bench workload peers-lfp-cccv-rest-0.5C-25C)
    PyBaMM      equivalent_circuit.Thevenin with "ECM_Example" (cut-offs 4.2 / 3.2 V), 4.1 V / 3.3 V, IDAKLU solver
    thevenin    Simulation() with its bundled params.yaml, isothermal, 4.1 V / 3.1 V
The time per cycle is the difference of an N_LONG- and an N_SHORT-cycle run divided by the extra cycles, so
set-up work (model building, discretisation, process start) cancels; each timing is the best of REPEATS in-process
runs. The tools run interleaved (PyBaMM, thevenin, CellTwin, then again) for ROUNDS rounds; the script prints each
round, the medians and the ratios.
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
import warnings

N_SHORT, N_LONG = 2, 12
REPEATS = 3


def best_of(run, n):
    return min(run(n) for _ in range(REPEATS))


def per_cycle(run):
    """Seconds per cycle: (T(N_LONG) - T(N_SHORT)) / (N_LONG - N_SHORT)."""
    return (best_of(run, N_LONG) - best_of(run, N_SHORT)) / (N_LONG - N_SHORT)


def pybamm_run(n):
    import pybamm
    model = pybamm.equivalent_circuit.Thevenin()
    params = model.default_parameter_values
    params.update({"Initial SoC": 0.05})
    cycle = ("Charge at C/2 until 4.1 V", "Hold at 4.1 V until C/20", "Rest for 10 minutes",
             "Discharge at C/2 until 3.3 V", "Rest for 10 minutes")
    experiment = pybamm.Experiment([cycle] * n)
    sim = pybamm.Simulation(model, parameter_values=params, experiment=experiment, solver=pybamm.IDAKLUSolver())
    start = time.perf_counter()
    solution = sim.solve()
    seconds = time.perf_counter() - start
    assert len(solution.cycles) == n, f"PyBaMM ran {len(solution.cycles)} of {n} cycles"
    return seconds


def thevenin_run(n):
    import thevenin
    sim = thevenin.Simulation()
    sim.isothermal = True
    sim.soc0 = 0.05
    sim.pre()
    exp = thevenin.Experiment()
    for _ in range(n):
        exp.add_step("current_C", -0.5, (4 * 3600.0, 60.0), limits=("voltage_V", 4.1))
        exp.add_step("voltage_V", 4.1, (4 * 3600.0, 60.0), limits=("current_C", -0.05))
        exp.add_step("current_C", 0.0, (600.0, 60.0))
        exp.add_step("current_C", 0.5, (4 * 3600.0, 60.0), limits=("voltage_V", 3.1))
        exp.add_step("current_C", 0.0, (600.0, 60.0))
    start = time.perf_counter()
    solution = sim.run(exp)
    seconds = time.perf_counter() - start
    assert all(solution.success), f"thevenin: {solution.message}"
    return seconds


def celltwin_runner(binary):
    def run(n):
        out = subprocess.run([binary, "bench", "--filter", "peers-lfp-cccv-rest-0.5C-25C", "--cycles", str(n),
                              "--repeats", "1", "--no-accuracy-guard"],
                             check=True, capture_output=True, text=True).stdout
        workload = json.loads(out)["workloads"][0]
        assert workload["cycles"] == n
        return workload["seconds"]
    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--celltwin", default=".build/release/celltwin", help="CellTwin release binary")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    tools = [("PyBaMM Thevenin (IDAKLU)", pybamm_run), ("thevenin", thevenin_run),
             ("CellTwin", celltwin_runner(args.celltwin))]
    # Warm-up: imports and first compilation outside the timings.
    for _, run in tools:
        run(1)
    results = {name: [] for name, _ in tools}
    for r in range(1, args.rounds + 1):
        line = []
        for name, run in tools:
            s = per_cycle(run)
            results[name].append(s)
            line.append(f"{name} {1000 * s:.3f} ms")
        print(f"round {r}: " + ", ".join(line) + " per cycle", flush=True)
    median = {name: statistics.median(v) for name, v in results.items()}
    print(f"\nmedian of {args.rounds} interleaved rounds, ms per CC-CV cycle ({N_LONG} vs {N_SHORT} cycles, "
          f"best of {REPEATS}):")
    for name, _ in tools:
        print(f"  {name:28s} {1000 * median[name]:10.3f}")
    ct = median["CellTwin"]
    for name, _ in tools[:2]:
        per_round = [p / c for p, c in zip(results[name], results["CellTwin"])]
        print(f"CellTwin is {median[name] / ct:.0f}x faster per cycle than {name} "
              f"(rounds: {', '.join(f'{x:.0f}x' for x in per_round)})")


if __name__ == "__main__":
    sys.exit(main())
