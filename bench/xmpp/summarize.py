#!/usr/bin/env python3
"""Median and range, per server, over several results.jsonl files of bench/xmpp-bench.sh (BENCH_KEEP=1).

    python3 bench/xmpp/summarize.py /tmp/xmpp-bench-*/results.jsonl
"""
import json
import statistics
import sys


def fmt(values, digits=0, unit=""):
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    med = statistics.median(values)
    f = "{:." + str(digits) + "f}"
    if len(values) == 1 or min(values) == max(values):
        return f.format(med) + unit
    return f"{f.format(med)}{unit} ({f.format(min(values))}–{f.format(max(values))})"


def max_sustained(r):
    ok = [s["target_rate"] for s in r.get("ramp", []) if s.get("sustained")]
    return max(ok) if ok else 0


def sustained_text(r):
    """The highest sustained step; "≥" when even the ramp's last step was sustained (the top was not found)."""
    ramp = r.get("ramp", [])
    best = max_sustained(r)
    top = bool(ramp) and all(s.get("sustained") for s in ramp)
    return ("≥" if top else "") + f"{best:.0f}"


def at_max(r, key):
    best = max_sustained(r)
    for s in r.get("ramp", []):
        if s["target_rate"] == best and s.get("sustained"):
            return s[key]
    return None


def main(paths):
    runs = {}
    order = []
    for path in paths:
        for line in open(path):
            if not line.strip():
                continue
            r = json.loads(line)
            if r["label"] not in runs:
                order.append(r["label"])
            runs.setdefault(r["label"], []).append(r)
    print(f"{len(paths)} run(s); median (range)\n")
    print("| server | connections held | logins/s | RSS, 0 → N idle connections | per idle connection "
          "| fixed rate: delivered msg/s | p50 latency | p99 latency | lost | server CPU "
          "| max sustained rate (each run) | p50 / p99 there | messages lost, errors, disconnects (all runs) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for label in order:
        rs = runs[label]
        fx = [r.get("fixed", {}) for r in rs]
        held = fmt([r["connections_held"] for r in rs]) + f" of {rs[0]['connections_wanted']}"
        rss = (fmt([r["rss_before_kib"] / 1024 for r in rs], 0) + " → "
               + fmt([r["rss_idle_kib"] / 1024 for r in rs], 0) + " MiB")
        lost_all = sum(f.get("lost", 0) for f in fx) + sum(s.get("lost", 0) for r in rs for s in r.get("ramp", []))
        errors = sum(r.get("stream_errors", 0) + r.get("error_stanzas", 0) + r.get("logins_failed", 0) for r in rs)
        disc = sum(r.get("disconnects", 0) for r in rs)
        print(f"| {label} | {held} | {fmt([r['logins_per_s'] for r in rs])} | {rss} "
              f"| {fmt([r.get('bytes_per_idle_connection', 0) / 1024 for r in rs], 0, ' KiB')} "
              f"| {fmt([f.get('delivered_rate') for f in fx])} of {fmt([f.get('target_rate') for f in fx])} "
              f"| {fmt([f.get('p50_ms') for f in fx], 2, ' ms')} | {fmt([f.get('p99_ms') for f in fx], 1, ' ms')} "
              f"| {sum(f.get('lost', 0) for f in fx)} | {fmt([f.get('server_cpu_pct') for f in fx], 0, ' %')} "
              f"| {' / '.join(sustained_text(r) for r in rs)} msg/s "
              f"| {fmt([at_max(r, 'p50_ms') for r in rs], 1)} / {fmt([at_max(r, 'p99_ms') for r in rs], 0)} ms "
              f"| {lost_all}, {errors}, {disc} |")
    print()
    for label in order:
        for i, r in enumerate(runs[label]):
            steps = ", ".join(
                f"{s['target_rate']:.0f}: {s['delivered_rate']:.0f}/s p99 {s['p99_ms']:.0f} ms cpu {s.get('server_cpu_pct', 0):.0f}%"
                + ("" if s.get("sustained") else " (not sustained)") for s in r.get("ramp", []))
            print(f"{label} run {i + 1}: logins p50 {r['login_p50_ms']:.0f} ms p99 {r['login_p99_ms']:.0f} ms; ramp {steps}")


if __name__ == "__main__":
    main(sys.argv[1:])
