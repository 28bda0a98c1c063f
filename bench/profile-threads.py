#!/usr/bin/env python3
"""CPU per request by thread group, and the request threads' frames that differ most, between two
async-profiler profiles taken with `threads` in collapsed form (bench/webhooks.sh and
bench/strict-reads.sh with ASYNC_PROFILER write them; 1 ms per sample).

    bench/profile-threads.py A.collapsed A_REQUESTS B.collapsed B_REQUESTS

A_REQUESTS and B_REQUESTS: the requests each profile covers (req/s x seconds). Prints µs per request:
A's, B's and, for the frames, B minus A."""
import collections
import re
import sys

FRAMES = ('io/parley', 'jdbi/v3/core/Handle', 'postgresql/core', 'jedis/Connection', 'jackson', '_[k]')


def load(path, requests):
    by_thread, request_frames = collections.Counter(), collections.Counter()
    with open(path) as f:
        for line in f:
            stack, samples = line.rstrip().rsplit(' ', 1)
            frames = stack.split(';')
            by_thread[re.sub(r'[- ]?\d+', '#', frames[0])] += int(samples)
            if frames[0].startswith('[dw'):
                for frame in set(frames[1:]):
                    request_frames[frame] += int(samples)
    scale = 1000 / requests
    return ({k: v * scale for k, v in by_thread.items()},
            {k: v * scale for k, v in request_frames.items()})


a_threads, a_frames = load(sys.argv[1], float(sys.argv[2]))
b_threads, b_frames = load(sys.argv[3], float(sys.argv[4]))
print('all threads %8.1f %8.1f' % (sum(a_threads.values()), sum(b_threads.values())))
for k in sorted(set(a_threads) | set(b_threads), key=lambda k: -max(a_threads.get(k, 0), b_threads.get(k, 0)))[:10]:
    print('%8.1f %8.1f %s' % (a_threads.get(k, 0), b_threads.get(k, 0), k[:80]))
print('--- request threads (dw-*), frames by difference')
keys = [k for k in set(a_frames) | set(b_frames)
        if '$$Lambda' not in k and any(s in k.lower() for s in FRAMES)]
for k in sorted(keys, key=lambda k: -abs(b_frames.get(k, 0) - a_frames.get(k, 0)))[:45]:
    print('%8.1f %8.1f %+8.1f %s' % (a_frames.get(k, 0), b_frames.get(k, 0),
                                     b_frames.get(k, 0) - a_frames.get(k, 0), k[:110]))
