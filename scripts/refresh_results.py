#!/usr/bin/env python3
"""Copy experiment tables into docs/RESULTS.md unchanged.

Every block from "Command: `prc experiment experiments/NAME.json`" to "Values are mean ± sd ..."
is replaced by the table of outputs/experiments/NAME/results.md, looked up under each ROOT given
(default: the current directory), so RESULTS.md shows exactly what `prc experiment` printed.

usage: scripts/refresh_results.py [ROOT ...]
"""
import os
import re
import sys

roots = sys.argv[1:] or ["."]
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs", "RESULTS.md")
text = open(path, encoding="utf-8").read()
pattern = re.compile(r"Command: `prc experiment experiments/([a-z0-9-]+)\.json`.*?"
                     r"Values are mean ± sd \[min, max\] over seeds\.", re.S)
missing = []


def table(match):
    name = match.group(1)
    for root in roots:
        md = os.path.join(root, "outputs", "experiments", name, "results.md")
        if os.path.exists(md):
            lines = open(md, encoding="utf-8").read().split("\n")
            keep = [l for l in lines if l.startswith(("Command", "|", "Values"))]
            return "\n".join(keep[:1] + [""] + keep[1:-1] + [""] + keep[-1:])
    missing.append(name)
    return match.group(0)


new = pattern.sub(table, text)
if new != text:
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write(new)
    os.replace(path + ".tmp", path)
print("updated" if new != text else "unchanged", "docs/RESULTS.md",
      "(no results for: " + ", ".join(sorted(set(missing))) + ")" if missing else "")
