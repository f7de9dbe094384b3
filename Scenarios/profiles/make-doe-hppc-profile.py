#!/usr/bin/env python3
"""Writes doe-p492-13-hppc-c-rate.csv: the HPPC test (cycle 5) of the DOE Battery Data Hub XCEL cell p492-13
(Calibration/external/battery-data-toolkit/p492-13-raw.csv, a graphite/NMC532 pouch cell) as a C-rate profile.

Each cycler step of the test becomes one row: its start time and its current (the median of the step's rows above
half its largest magnitude, leaving out the switching record) divided by the cell's measured capacity (Q_dis of the
capacity check, cycle 2 of p492-13-summary.csv: 0.02173834 Ah), sign turned to the step grammar's (positive on
discharge; the file's current is charge-positive). Values are held until the next step starts; the last row marks
the end of the test.

The file is downsampled: a step's first record is at its start only where the cycler logged the switch. The pulses
(above 2C) last 10 s, as in the HPPC protocol of the FreedomCAR Battery Test Manual (INL, DOE/ID-11069, 2003) and in
the records that show both ends (for example 205599.996 to 205609.908 s); the step after a pulse starts when the
pulse ends. Run from the project root: python3 Scenarios/profiles/make-doe-hppc-profile.py
"""
import csv
import statistics

RAW = "Calibration/external/battery-data-toolkit/p492-13-raw.csv"
OUT = "Scenarios/profiles/doe-p492-13-hppc-c-rate.csv"
CAPACITY_AH = 0.02173834   # p492-13-summary.csv, cycle 2 (Capacity check), Q_dis

rows = [r for r in csv.DictReader(open(RAW)) if r["Cycle_Index"] == "5"]
segments = []   # [start time, step number, currents]
for r in rows:
    t, step, current = float(r["Time_s"]), r["Step"], float(r["Current_A"])
    if not segments or segments[-1][1] != step:
        segments.append([t, step, []])
    segments[-1][2].append(current)
PULSE_S = 10.0
t0, end = segments[0][0], float(rows[-1]["Time_s"])
profile = []   # (start time, C-rate)
for k, (start, _, currents) in enumerate(segments):
    largest = max(abs(i) for i in currents)
    c_rate = -statistics.median([i for i in currents if abs(i) >= 0.5 * largest]) / CAPACITY_AH
    c_rate = 0.0 if abs(c_rate) < 1e-3 else c_rate
    if profile and abs(profile[-1][1]) > 2:
        start = profile[-1][0] + PULSE_S
    profile.append((start, c_rate))
with open(OUT, "w") as f:
    f.write("# HPPC test of the DOE Battery Data Hub XCEL cell p492-13 (graphite/NMC532 pouch, 21.7 mAh), cycle 5 of\n")
    f.write("# Calibration/external/battery-data-toolkit/p492-13-raw.csv: one row per cycler step, its median current\n")
    f.write("# over the cell's measured capacity (0.02173834 Ah), positive on discharge; 10 s pulses. Made by make-doe-hppc-profile.py.\n")
    f.write("# between samples: held\n")
    f.write("time_s,c_rate\n")
    for start, c_rate in profile:
        f.write(f"{start - t0:.3f},{c_rate:.4f}\n")
    f.write(f"{end - t0:.3f},0\n")
print(f"{OUT}: {len(segments)} steps, {(end - t0) / 3600:.2f} h")
