#!/usr/bin/python3
"""Formats bench/run's raw lines into the ratio table (see bench/README.md)."""
import datetime
import os
import sys

raw, torch_ok = sys.argv[1], sys.argv[2] == "1"
ours, stats, peers, mem, load0 = {}, {}, {}, None, float("nan")
for line in open(raw):
    f = line.split()
    if f[0] == "load":
        load0 = float(f[1])
        continue
    if f[0] in ("ours", "ourstats", "mem"):
        # tag what threads | what threads n d steps seconds throughput hash rss_kb cpu
        rec = dict(n=int(f[5]), d=int(f[6]), steps=int(f[7]), wall=float(f[8]), hash=f[10],
                   rss=int(f[11]), cpu=float(f[12]))
        key = (f[1], int(f[2]))
        {"ours": ours, "ourstats": stats}.get(f[0], {})[key] = rec
        if f[0] == "mem":
            mem = rec
    else:  # lib scheme style | seconds n d steps cpu
        peers[(f[0], f[1], f[2])] = dict(wall=float(f[3]), n=int(f[4]), d=int(f[5]), steps=int(f[6]),
                                         cpu=float(f[7]))
any_rec = next(iter(ours.values()))
work = any_rec["n"] * any_rec["d"] * any_rec["steps"]
print("dmverify bench: d = %d, n = %d, steps = %d; %d cores, load average %.1f at the start, %.1f at the end; %s" %
      (any_rec["d"], any_rec["n"], any_rec["steps"], os.cpu_count(), load0, os.getloadavg()[0],
       datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC")))
print("throughput = samples x dimensions x steps per second of wall time; cpu = user + system seconds")
print()
print("%-40s %9s %9s %11s" % ("run", "wall s", "cpu s", "throughput"))
def row(name, r):
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
print("%-44s %8s %8s %8s %7s" % ("ratio (time of the other / time of dmverify)", "1 thr.", "2 thr.", "cpu", "goal"))
def ratio(name, other, key, goal, cpu=True):
    r1 = other["wall"] / ours[(key, 1)]["wall"]
    r2 = other["wall"] / ours[(key, 2)]["wall"]
    rc = other["cpu"] / ours[(key, 1)]["cpu"] if cpu else float("nan")
    print("%-44s %8.2f %8.2f %8.2f %7s" % (name, r1, r2, rc, goal))
for s in ("em", "ddim"):
    ratio("%s: numpy (literal)" % s, peers[("numpy", s, "literal")], s, ">= 10")
    ratio("%s: numpy (collapsed by hand)" % s, peers[("numpy", s, "collapsed")], s, "")
    if torch_ok:
        ratio("%s: torch, 2 threads (literal)" % s, peers[("torch", s, "literal")], s, ">= 3")
        ratio("%s: torch, 2 threads (collapsed by hand)" % s, peers[("torch", s, "collapsed")], s, "")
    else:
        print("%s: torch: not available" % s)
print("%-44s %8.2f %8.2f %8.2f %7s" % ("em / noise floor (dmverify vs its own noise)",
      ours[("em", 1)]["wall"] / ours[("noise", 1)]["wall"], ours[("em", 2)]["wall"] / ours[("noise", 2)]["wall"],
      ours[("em", 1)]["cpu"] / ours[("noise", 1)]["cpu"], "<= 2"))
for w in ("em", "ddim"):
    print("%-44s %8s %8.2f %8s %7s" % ("speed-up, 2 threads over 1: %s" % w, "",
          ours[(w, 1)]["wall"] / ours[(w, 2)]["wall"], "", ">= 1.8"))
print()
if mem:
    print("peak memory (max RSS), %d samples x %d dims, %d step(s), statistics and hash only, 2 threads: %.1f MB"
          " (goal < 200 MB)" % (mem["n"], mem["d"], mem["steps"], mem["rss"] / 1024.0))
if ("em", 1) in stats and ("em", 2) in stats:
    h1, h2 = stats[("em", 1)]["hash"], stats[("em", 2)]["hash"]
    print("em sample hash, 1 thread:  %s\nem sample hash, 2 threads: %s %s" %
          (h1, h2, "(identical)" if h1 == h2 else "(DIFFERENT: a reproducibility bug)"))
