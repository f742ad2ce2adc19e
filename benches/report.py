#!/usr/bin/env python3
"""Builds the results table of benches/README.md from criterion's output.

Reads <criterion home>/**/new/benchmark.json and estimates.json (the latest run of each
benchmark) and the allocation counts the bench binaries write to <criterion home>/allocations/,
then prints a Markdown section, or with --write replaces the section between the report markers
in benches/README.md.

The criterion home is $CRITERION_HOME, else $CARGO_TARGET_DIR/criterion, else target/criterion
at the workspace root, as criterion itself picks it.

Usage: python3 benches/report.py [--write] [--criterion DIR]
"""

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"
START = "<!-- report:start -->"
END = "<!-- report:end -->"

# Implementations that are ours (several ways of calling our crates).
OURS = "ours"
# The physical references and the peers, in the order of the table's columns.
PEERS = ["stalwart", "imap-codec", "imap-proto-0.17", "pop3-codec", "memmem", "copy"]


def criterion_home(arg):
    if arg:
        return Path(arg)
    if os.environ.get("CRITERION_HOME"):
        return Path(os.environ["CRITERION_HOME"])
    if os.environ.get("CARGO_TARGET_DIR"):
        return Path(os.environ["CARGO_TARGET_DIR"]) / "criterion"
    return HERE.parent / "target" / "criterion"


def load(home):
    """{(group, case): {function: {"ns": median ns, "bytes": n, "elements": n}}}"""
    results = {}
    for bench in home.glob("**/new/benchmark.json"):
        meta = json.loads(bench.read_text())
        estimates = json.loads((bench.parent / "estimates.json").read_text())
        throughput = meta.get("throughput") or {}
        bytes_ = elements = None
        if "ElementsAndBytes" in throughput:
            bytes_ = throughput["ElementsAndBytes"]["bytes"]
            elements = throughput["ElementsAndBytes"]["elements"]
        elif "Bytes" in throughput:
            bytes_ = throughput["Bytes"]
        elif "Elements" in throughput:
            elements = throughput["Elements"]
        case = meta.get("value_str") or ""
        entry = results.setdefault((meta["group_id"], case), {})
        entry[meta["function_id"]] = {
            "ns": estimates["median"]["point_estimate"],
            "bytes": bytes_,
            "elements": elements,
        }
    return results


def load_allocations(home):
    """{(group, case): {function: allocations per message}}"""
    out = {}
    for path in (home / "allocations").glob("*/*.json"):
        data = json.loads(path.read_text())
        function, _, case = data["id"].partition("/")
        per = data["allocations"] / max(1, data["messages"])
        out.setdefault((data["group"], case), {})[function] = per
    return out


def human_rate(value, unit):
    for prefix, scale in (("T", 1e12), ("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if value >= scale:
            return f"{value / scale:.2f} {prefix}{unit}"
    return f"{value:.0f} {unit}"


def fmt_allocs(value):
    if value is None:
        return ""
    return f"{value:.0f}" if value == int(value) else f"{value:.2f}"


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = os.cpu_count()
    try:
        rustc = subprocess.run(
            ["rustc", "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        rustc = "rustc (unknown version)"
    return f"{cpu}, {cores} cores, {platform.system()} {platform.release()}, {rustc}"


def case_key(key):
    group, case = key
    # 1KiB < 1MiB < 25MiB; other cases in name order.
    m = re.search(r"(\d+)(KiB|MiB)$", case)
    size = 0
    if m:
        size = int(m.group(1)) * (1024 if m.group(2) == "KiB" else 1024 * 1024)
    return (group, re.sub(r"_?\d+(KiB|MiB)$", "", case), size, case)


def table(results, allocations):
    lines = [
        "| group | case | ours | ours bytes/s | ours msgs/s | ours allocs/msg | "
        + " | ".join(f"ours/{p}" for p in PEERS)
        + " | peer allocs/msg |",
        "|" + "---|" * (6 + len(PEERS) + 1),
    ]
    for key in sorted(results, key=case_key):
        group, case = key
        functions = results[key]
        allocs = allocations.get(key, {})
        for variant in sorted(f for f in functions if f.startswith(OURS)):
            ours = functions[variant]
            secs = ours["ns"] / 1e9
            rate_b = human_rate(ours["bytes"] / secs, "B/s") if ours["bytes"] else ""
            rate_m = human_rate(ours["elements"] / secs, "msg/s") if ours["elements"] else ""
            ratios = []
            for peer in PEERS:
                if peer in functions:
                    ratios.append(f"{functions[peer]['ns'] / ours['ns']:.3g}")
                else:
                    ratios.append("")
            peer_allocs = ", ".join(
                f"{p} {fmt_allocs(allocs[p])}" for p in PEERS if p in allocs
            )
            lines.append(
                f"| {group} | {case or '-'} | {variant} | {rate_b} | {rate_m} | "
                f"{fmt_allocs(allocs.get(variant))} | "
                + " | ".join(ratios)
                + f" | {peer_allocs} |"
            )
    return lines


def ratio(results, group, case, peer, variant=OURS):
    functions = results.get((group, case), {})
    if variant in functions and peer in functions:
        return functions[peer]["ns"] / functions[variant]["ns"]
    return None


def verdict(ok):
    return "met" if ok else "**not met**"


def targets(results, allocations):
    """One line per target of the benchmark plan, computed from the figures."""
    lines = []

    r = ratio(results, "smtp_commands", "", "stalwart")
    allocs = allocations.get(("smtp_commands", ""), {})
    mail, rcpt = allocs.get("ours_mail"), allocs.get("ours_rcpt")
    if r is not None:
        lines.append(
            f"- SMTP command decoding ≥ stalwart: {r:.2f}x, {verdict(r >= 1.0)}; "
            f"allocations for MAIL {fmt_allocs(mail)}, RCPT {fmt_allocs(rcpt)} (target 0): "
            f"{verdict(mail == 0 and rcpt == 0)}."
        )
    for group, label in (("imap_commands", "IMAP command"), ("imap_responses", "IMAP response")):
        for key in sorted((k for k in results if k[0] == group), key=case_key):
            case = key[1]
            codec = ratio(results, group, case, "imap-codec")
            tokio = ratio(results, group, case, "imap-proto-0.17")
            parts = []
            if codec is not None:
                parts.append(f"{codec:.2f}x imap-codec (≥ 2: {verdict(codec >= 2.0)})")
            else:
                parts.append("imap-codec cannot decode it")
            if tokio is not None:
                parts.append(f"{tokio:.2f}x imap-proto 0.17 (> 1: {verdict(tokio > 1.0)})")
            lines.append(f"- {label} decoding, {case}: " + "; ".join(parts) + ".")
    for group, label in (("smtp_data", "DATA"), ("pop3_retr", "RETR")):
        for key in sorted((k for k in results if k[0] == group), key=case_key):
            r = ratio(results, group, key[1], "memmem")
            if r is not None:
                lines.append(
                    f"- {label} decoding {key[1]}: {r:.2f}x the memmem scan "
                    f"(≥ 0.5: {verdict(r >= 0.5)})."
                )
    for kind, label in (("fetch_literal", "BODY[] literal"), ("fetch_literal8", "BINARY[] literal8")):
        small = results.get(("imap_responses", f"{kind}_1KiB"), {}).get(OURS)
        for size in ("1MiB", "25MiB"):
            large = results.get(("imap_responses", f"{kind}_{size}"), {}).get(OURS)
            if small and large:
                growth = large["ns"] / small["ns"]
                lines.append(
                    f"- Large literal: decoding the FETCH with a {size} {label} takes "
                    f"{growth:.1f}x the time of the 1 KiB one for "
                    f"{large['bytes'] / small['bytes']:.0f}x the bytes "
                    f"(O(1) would be ≈ 1x: {verdict(growth < 2.0)})."
                )
    return lines


def render(home):
    results = load(home)
    if not results:
        sys.exit(f"no criterion results under {home}: run `cargo bench -p benches` first")
    allocations = load_allocations(home)
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        START,
        "",
        f"Generated by `benches/report.py` on {now}; machine: {machine()}.",
        "",
        "Ratios are peer time / our time for the same bytes (median of criterion's samples):",
        "above 1 means ours is faster. Allocations are counted once, outside the timed loop,",
        "and divided by the number of messages decoded. Rates use decimal prefixes (1 GB/s =",
        "10^9 bytes/s); an O(1) decoder of a large literal shows an absurd bytes/s figure.",
        "",
    ]
    out += table(results, allocations)
    out += ["", "Targets:", ""]
    out += targets(results, allocations)
    out += ["", END]
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update benches/README.md")
    parser.add_argument("--criterion", help="criterion's output directory")
    args = parser.parse_args()
    section = render(criterion_home(args.criterion))
    if not args.write:
        sys.stdout.write(section)
        return
    text = README.read_text()
    if START in text and END in text:
        before = text[: text.index(START)]
        after = text[text.index(END) + len(END) :].lstrip("\n")
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    README.write_text(text)


if __name__ == "__main__":
    main()
