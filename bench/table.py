#!/usr/bin/python3
"""Formats bench/run's raw lines into the ratio table (see bench/README.md); with a third
argument, also writes the table as JSON (bench/compare reads two of them)."""
import datetime
import json
import os
import sys

raw, torch_ok = sys.argv[1], sys.argv[2] == "1"
json_path = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else None
ours, stats, peers, mem, load0, ref = {}, {}, {}, None, float("nan"), None
commit, machine = "unknown", "unknown"
for line in open(raw):
    f = line.split()
    if not f:
        continue
    if f[0] == "load":
        load0 = float(f[1])
    elif f[0] == "commit":
        commit = f[1] if len(f) > 1 else "unknown"
    elif f[0] == "machine":
        machine = " ".join(f[1:]).replace("_", " ")
    elif f[0] == "reftable":
        # reftable DWALL DCPU NDOUBLE NARB AWALL ACPU ACELLS MISSES ASTEPS TSTEPS
        ref = dict(dwall=float(f[1]), dcpu=float(f[2]), ndouble=int(f[3]), narb=int(f[4]), awall=float(f[5]),
                   acpu=float(f[6]), acells=int(f[7]), misses=int(f[8]), asteps=int(f[9]), tsteps=int(f[10]))
    elif f[0] in ("ours", "ourstats", "mem"):
        # tag what threads | what threads n d steps seconds throughput hash rss_kb cpu
        rec = dict(n=int(f[5]), d=int(f[6]), steps=int(f[7]), wall=float(f[8]), hash=f[10],
                   rss=int(f[11]), cpu=float(f[12]))
        key = (f[1], int(f[2]))
        {"ours": ours, "ourstats": stats}.get(f[0], {})[key] = rec
        if f[0] == "mem":
            mem = rec
    elif len(f) >= 8:  # lib scheme style | seconds n d steps cpu
        peers[(f[0], f[1], f[2])] = dict(wall=float(f[3]), n=int(f[4]), d=int(f[5]), steps=int(f[6]),
                                         cpu=float(f[7]))
any_rec = next(iter(ours.values()))
work = any_rec["n"] * any_rec["d"] * any_rec["steps"]
load1 = os.getloadavg()[0]
when = datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC")
variant = os.environ.get("DMV_NOISE_VARIANT", "")
print("dmverify bench: d = %d, n = %d, steps = %d; %d cores, load average %.1f at the start, %.1f at the end; %s" %
      (any_rec["d"], any_rec["n"], any_rec["steps"], os.cpu_count(), load0, load1, when))
print("machine: %s; commit %s" % (machine, commit))
print("throughput = samples x dimensions x steps per second of wall time; cpu = user + system seconds")
print()
rows, ratios = {}, {}
print("%-40s %9s %9s %11s" % ("run", "wall s", "cpu s", "throughput"))
def row(name, r):
    rows[name] = dict(wall=r["wall"], cpu=r["cpu"])
    print("%-40s %9.3f %9.3f %11.3g" % (name, r["wall"], r["cpu"], work / r["wall"]))
for w in ("noise", "em", "ddim"):
    for t in (1, 2):
        if (w, t) in ours:
            row("dmverify %s%s, %d thread%s" % (w, " floor" if w == "noise" else "", t, "s" if t > 1 else ""),
                ours[(w, t)])
for (w, t), r in sorted(stats.items()):
    row("dmverify %s + stats and hash, %d thr." % (w, t), r)
for s in ("em", "ddim"):
    for st in ("literal", "collapsed"):
        for lib in ("numpy", "torch"):
            if (lib, s, st) in peers:
                row("%s %s (%s)%s" % (lib, s, st, ", 2 threads" if lib == "torch" else ""), peers[(lib, s, st)])
print()
print("%-44s %8s %8s %8s %9s" % ("ratio (time of the other / time of dmverify)", "1 thr.", "2 thr.", "cpu", "goal"))
def ratio(name, other, key, goal, cpu=True):
    r1 = other["wall"] / ours[(key, 1)]["wall"]
    r2 = other["wall"] / ours[(key, 2)]["wall"]
    rc = other["cpu"] / ours[(key, 1)]["cpu"] if cpu else float("nan")
    ratios[name] = {"1 thread": r1, "2 threads": r2, "cpu": rc, "goal": goal}
    print("%-44s %8.2f %8.2f %8.2f %9s" % (name, r1, r2, rc, goal))
goals = {"em": ">=5, >=9", "ddim": ">= 10"}
for s in ("em", "ddim"):
    ratio("%s: numpy (literal)" % s, peers[("numpy", s, "literal")], s, goals[s])
    if ("numpy", s, "collapsed") in peers:
        ratio("%s: numpy (collapsed by hand)" % s, peers[("numpy", s, "collapsed")], s, "")
    if torch_ok and ("torch", s, "literal") in peers:
        ratio("%s: torch, 2 threads (literal)" % s, peers[("torch", s, "literal")], s, ">= 3")
        if ("torch", s, "collapsed") in peers:
            ratio("%s: torch, 2 threads (collapsed by hand)" % s, peers[("torch", s, "collapsed")], s, "")
    else:
        print("%s: torch: not available" % s)
        ratios["%s: torch" % s] = "not available"
r1 = ours[("em", 1)]["wall"] / ours[("noise", 1)]["wall"]
r2 = ours[("em", 2)]["wall"] / ours[("noise", 2)]["wall"]
rc = ours[("em", 1)]["cpu"] / ours[("noise", 1)]["cpu"]
ratios["em / noise floor"] = {"1 thread": r1, "2 threads": r2, "cpu": rc, "goal": "<= 2"}
print("%-44s %8.2f %8.2f %8.2f %9s" % ("em / noise floor (dmverify vs its own noise)", r1, r2, rc, "<= 2"))
for w in ("em", "ddim"):
    sp = ours[(w, 1)]["wall"] / ours[(w, 2)]["wall"]
    ratios["speed-up, 2 threads over 1: %s" % w] = {"2 threads": sp, "goal": ">= 1.8"}
    print("%-44s %8s %8.2f %8s %9s" % ("speed-up, 2 threads over 1: %s" % w, "", sp, "", ">= 1.8"))
print()
if ref is not None:
    ext = ref["acpu"] * ref["tsteps"] / max(ref["asteps"], 1)
    rows["reference table, double pass + Arb fallback (224 cells), 2 threads"] = dict(wall=ref["dwall"], cpu=ref["dcpu"])
    rows["reference table, all Arb, NFE 50 cells (%d), 2 threads" % ref["acells"]] = dict(wall=ref["awall"],
                                                                                          cpu=ref["acpu"])
    ratios["reference table: all-Arb CPU (extrapolated) / double pass CPU"] = {"cpu": ext / ref["dcpu"],
                                                                                "goal": "pg.table <= 3 s CPU"}
    print("reference table (pg.table's 224 scheme cells + 16 continuous, CIFAR-10, 2 threads):")
    print("  double pass + Arb fallback: wall %.2f s, CPU %.2f s; %d cells certified in double, %d in Arb" %
          (ref["dwall"], ref["dcpu"], ref["ndouble"], ref["narb"]))
    print("  all Arb, the %d NFE-50 cells: wall %.2f s, CPU %.2f s; extrapolated by steps to the whole table: "
          "CPU %.1f s (%.0fx the double pass)" % (ref["acells"], ref["awall"], ref["acpu"], ext, ext / ref["dcpu"]))
    print("  Arb midpoints outside the double enclosures or status mismatches: %d" % ref["misses"])
    print()
if mem:
    print("peak memory (max RSS), %d samples x %d dims, %d step(s), statistics and hash only, 2 threads: %.1f MB"
          " (goal < 200 MB)" % (mem["n"], mem["d"], mem["steps"], mem["rss"] / 1024.0))
if ("em", 1) in stats and ("em", 2) in stats:
    h1, h2 = stats[("em", 1)]["hash"], stats[("em", 2)]["hash"]
    print("em sample hash, 1 thread:  %s\nem sample hash, 2 threads: %s %s" %
          (h1, h2, "(identical)" if h1 == h2 else "(DIFFERENT: a reproducibility bug)"))
if json_path:
    doc = dict(when=when, machine=machine, commit=commit, cores=os.cpu_count(), load_start=load0, load_end=load1,
               noise_variant=variant or "default (best supported)",
               problem=dict(d=any_rec["d"], n=any_rec["n"], steps=any_rec["steps"]), torch=torch_ok,
               rows=rows, ratios=ratios, reference_table=ref)
    with open(json_path, "w") as fh:
        json.dump(doc, fh, indent=1)
    print("written: %s" % json_path)
