#!/usr/bin/env python3
"""Closed-loop load on loopback: CLIENTS connections (keep-alive), each
sending the next path of the list as soon as its last answer is read, for
SECONDS; prints per-request p50/p99/max over every timed request.

    load.py BASE_URL PATHS_FILE CLIENTS SECONDS

Per request, not corrected for coordinated omission: wrk's `--latency`
adds synthetic samples for every answer slower than the mean interval, so
one 500 ms miss among 0.1 ms cache hits reads as hundreds of slow requests
(wrk reported p75 = 148 ms for a 5 s run of 4471 requests).
"""
import http.client
import sys
import threading
import time
import urllib.parse


def main():
    base, paths_file, clients, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    paths = [l.strip() for l in open(paths_file) if l.strip()]
    url = urllib.parse.urlsplit(base)
    times, errors = [], [0]
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    deadline = [0.0]

    def client(i):
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        mine, bad = [], 0
        k = i * len(paths) // clients
        start.wait()
        while time.perf_counter() < deadline[0]:
            p = paths[k % len(paths)]
            k += 1
            t = time.perf_counter()
            try:
                conn.request("GET", p)
                r = conn.getresponse()
                r.read()
                ok = r.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
            mine.append(time.perf_counter() - t)
            bad += not ok
        with lock:
            times.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    deadline[0] = time.perf_counter() + seconds
    began = time.perf_counter()
    start.wait()
    for t in threads:
        t.join()
    took = time.perf_counter() - began
    times.sort()

    def pct(p):
        return times[min(len(times) - 1, max(0, int(-(-p * len(times) // 100)) - 1))] * 1000

    print(
        f"RESULT requests={len(times)} rps={len(times) / took:.1f} p50_ms={pct(50):.2f} "
        f"p99_ms={pct(99):.2f} max_ms={times[-1] * 1000:.2f} errors={errors[0]}"
    )


if __name__ == "__main__":
    main()
