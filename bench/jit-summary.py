#!/usr/bin/env python3
"""Summarises a flight recording made by bench/jit.sh as text: compilations, deoptimizations and
class loads per minute of load (minute -1: start-up and fixtures, before the load; events after
the load are left out), the repeated deoptimizations (method, reason, action, bytecode) and the
methods C2 compiled more than once, in all and from minute SETTLE (2) of the load on.

  jfr print --json --events jdk.Compilation,jdk.Deoptimization,jdk.ClassLoad,jdk.ClassDefine,jdk.ThreadCPULoad,jdk.CPULoad \
      recording.jfr | bench/jit-summary.py LOAD_START_EPOCH_S LOAD_END_EPOCH_S [SETTLE_MINUTES]
"""
import collections
import datetime
import json
import sys

LOAD_START = float(sys.argv[1])
LOAD_END = float(sys.argv[2])
SETTLE = float(sys.argv[3]) if len(sys.argv) > 3 else 2.0


def when(value):
    # 2026-12-06T19:58:01.123456789Z or with an offset
    text = value.replace("Z", "+00:00")
    if "." in text:
        head, rest = text.split(".", 1)
        digits = "".join(c for c in rest if c.isdigit())
        zone = rest[len(digits):]
        text = head + "." + digits[:6] + zone
    return datetime.datetime.fromisoformat(text).timestamp()


def method_name(m):
    if not m:
        return "?"
    t = m.get("type") or {}
    return "%s.%s" % ((t.get("name") or "?").replace("/", "."), m.get("name"))


events = json.load(sys.stdin)["recording"]["events"]
if not events:
    print("no events")
    sys.exit(0)


def minute(e):
    t = when(e["values"]["startTime"])
    return -1 if t < LOAD_START else int((t - LOAD_START) // 60)


events = [e for e in events if when(e["values"]["startTime"]) <= LOAD_END]
print("load: %d s; minute -1 is start-up and fixtures, before the load" % (LOAD_END - LOAD_START))


per_minute = collections.defaultdict(collections.Counter)
compiler_cpu = collections.defaultdict(list)  # minute -> C2 threads' CPU (share of the machine)
jvm_cpu = collections.defaultdict(list)  # minute -> the JVM's CPU (share of the machine)
deopts_all = collections.Counter()
deopts_late = collections.Counter()
c2_all = collections.Counter()
c2_late = collections.Counter()
loads_late = collections.Counter()
for e in events:
    v = e["values"]
    m = minute(e)
    late = m >= SETTLE and m >= 0
    kind = e["type"]
    if kind == "jdk.Compilation":
        level = v.get("compileLevel")
        per_minute[m]["compilations"] += 1
        if level == 4:
            per_minute[m]["c2"] += 1
            c2_all[method_name(v.get("method"))] += 1
            if late:
                c2_late[method_name(v.get("method"))] += 1
        if v.get("isOsr"):
            per_minute[m]["osr"] += 1
    elif kind == "jdk.Deoptimization":
        per_minute[m]["deopts"] += 1
        key = (
            method_name(v.get("method")),
            v.get("reason"),
            v.get("action"),
            v.get("lineNumber"),
            v.get("instruction"),
            v.get("compiler"),
        )
        deopts_all[key] += 1
        if late:
            deopts_late[key] += 1
    elif kind == "jdk.ThreadCPULoad":
        thread = (v.get("eventThread") or {}).get("osName") or ""
        if thread.startswith("C2 CompilerThread"):
            compiler_cpu[m].append((thread, v.get("user", 0) + v.get("system", 0)))
    elif kind == "jdk.CPULoad":
        jvm_cpu[m].append(v.get("jvmUser", 0) + v.get("jvmSystem", 0))
    elif kind in ("jdk.ClassLoad", "jdk.ClassDefine"):
        name = ((v.get("loadedClass") or v.get("definedClass") or {}).get("name") or "?")
        per_minute[m]["classLoads" if kind == "jdk.ClassLoad" else "classDefines"] += 1
        if late and kind == "jdk.ClassLoad":
            # hidden and generated classes carry a numbered suffix: group them by their stem
            stem = name.split("+")[0].split("$$")[0]
            stem = stem.rstrip("0123456789")
            loads_late[stem] += 1

def c2_share(m):
    """C2 threads' CPU as a share of the JVM's in minute m (threads sampled every 10 s, the process
    every 1 s): the mean of each C2 thread's samples, summed over the threads, over the JVM's mean."""
    if not compiler_cpu[m] or not jvm_cpu[m]:
        return "-"
    by_thread = collections.defaultdict(list)
    for thread, load in compiler_cpu[m]:
        by_thread[thread].append(load)
    c2 = sum(sum(loads) / len(loads) for loads in by_thread.values())
    jvm = sum(jvm_cpu[m]) / len(jvm_cpu[m])
    return "%.0f %%" % (100.0 * c2 / jvm) if jvm > 0 else "-"


print("minute  compilations  c2(level4)  osr  deopts  classLoads  classDefines  C2-CPU/JVM-CPU")
for m in sorted(per_minute):
    c = per_minute[m]
    print(
        "%6d  %12d  %10d  %3d  %6d  %10d  %12d  %14s"
        % (m, c["compilations"], c["c2"], c["osr"], c["deopts"], c["classLoads"],
           c["classDefines"], c2_share(m))
    )


def show(title, counter, limit=25):
    print()
    print(title)
    if not counter:
        print("  (none)")
    for key, n in counter.most_common(limit):
        print("  %6d  %s" % (n, key if isinstance(key, str) else "  ".join(str(k) for k in key)))


late_title = "after minute %g" % SETTLE
show("deoptimizations, all (count  method  reason  action  line  instruction  compiler)", deopts_all)
show("deoptimizations, " + late_title, deopts_late)
show("C2 (level 4) compilations of one method more than once, all",
     collections.Counter({k: n for k, n in c2_all.items() if n > 1}))
show("C2 (level 4) compilations, " + late_title, c2_late)
show("classes loaded, " + late_title + " (numbered suffixes stripped)", loads_late)
