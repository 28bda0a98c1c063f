#!/usr/bin/env python3
"""Level-4 (C2) compilations from a -XX:+LogCompilation file: per minute of load, first-time vs
recompilations of a method, and the level-4 code made not entrant with the trap that did it.
usage (bench/jit.sh runs it with LOG_COMPILATION=1): bench/jit-logcompilation.py compilation.log LOAD_START_EPOCH_S LOAD_END_EPOCH_S"""
import re, sys, collections
path, load_start, load_end = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
text = open(path, errors='replace').read()
t0 = int(re.search(r"<hotspot_log [^>]*time_ms='(\d+)'", text).group(1)) / 1000.0
start, end = load_start - t0, load_end - t0
attr = lambda l, k: (re.search(k + r"='([^']*)'", l) or [None, None])[1]
seen = collections.Counter(); per_min = collections.defaultdict(collections.Counter)
method_of = {}; recompiled = collections.Counter()
traps = collections.Counter(); last_trap = {}
for l in text.split('\n'):
    if l.startswith('<nmethod') and attr(l, 'level') == '4' and attr(l, 'compile_kind') != 'osr':
        m = attr(l, 'method'); cid = attr(l, 'compile_id'); st = float(attr(l, 'stamp'))
        method_of[cid] = m
        if st > end: continue
        minute = -1 if st < start else int((st - start) // 60)
        per_min[minute]['again' if seen[m] else 'first'] += 1
        if seen[m] and minute >= 2: recompiled[m.split(' (')[0]] += 1
        seen[m] += 1
    elif l.startswith('<uncommon_trap') and attr(l, 'level') == '4' and attr(l, 'compile_id'):
        last_trap[attr(l, 'compile_id')] = (attr(l, 'reason'), attr(l, 'action'))
    elif l.startswith('<make_not_entrant') and attr(l, 'level') == '4' and not attr(l, 'zombie'):
        st = float(attr(l, 'stamp')); cid = attr(l, 'compile_id')
        if start + 120 <= st <= end:
            m = method_of.get(cid, '?').split(' (')[0]
            traps[(m,) + last_trap.get(cid, ('(no trap: dependency or replaced)', ''))] += 1
print("load minute  C2 first compiles  C2 recompiles (same method again)")
for k in sorted(per_min):
    print("%11d  %17d  %13d" % (k, per_min[k]['first'], per_min[k]['again']))
print("\nC2 recompiles from minute 2 of the load on, by method (top 20)")
for m, n in recompiled.most_common(20): print("  %4d  %s" % (n, m))
print("\nC2 code made not entrant from minute 2 of the load on: %d (method, trap reason, action; top 25)" % sum(traps.values()))
for k, n in traps.most_common(25): print("  %4d  %s" % (n, "  ".join(k)))
