#!/usr/bin/env python3
"""Where the WebAssembly's bytes are: twiggy's item sizes summed per crate and, for this
crate, per module, largest first. Reads the wasm that cargo built (before wasm-bindgen
and wasm-opt, so function names are still there); the shares are what to compare between
changes (wasm-opt shrinks every part, not evenly).

    python3 scripts/size_report.py [WASM] [--rows N]

Default WASM: target/wasm-pkg/split/interlock.wasm, the main module (what the first load
fetches) as the split left it (after `trunk build --release`, see scripts/build_wasm).
Needs twiggy (`scripts/setup bench` installs it with cargo).
"""
import argparse
import collections
import csv
import io
import re
import subprocess
import sys

SECTIONS = ("custom section", "data segment", "import ", "export ", "table", "elem", "type[", '"')


def owner(name):
    """The crate an item belongs to (or its section kind), and its module path."""
    if "__wbindgen_describe" in name:
        return "wasm-bindgen descriptions (removed by wasm-bindgen)", None
    if name.startswith(SECTIONS):
        return re.sub(r"[\"'\[].*$", "", name.strip('"')).strip() or name, None
    bare = re.sub(r"^[<&*( ]*(?:(?:mut|dyn|const) )*", "", name)
    parts = bare.split("::")
    crate = re.match(r"[A-Za-z_][A-Za-z0-9_]*", parts[0])
    crate = crate.group(0) if crate else "(other)"
    # Generic items without a path ("T as ...") belong to whatever instantiated them.
    if crate in ("T", "F", "I", "S", "A", "V", "K"):
        crate = "(generic instantiations)"
    return crate, "::".join(parts[:3]) if crate == "interlock" else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("wasm", nargs="?", default="target/wasm-pkg/split/interlock.wasm")
    ap.add_argument("--rows", type=int, default=25)
    args = ap.parse_args()
    try:
        out = subprocess.run(["twiggy", "top", "-n", "1000000", "--format", "csv", args.wasm],
                             check=True, capture_output=True, text=True).stdout
    except FileNotFoundError:
        sys.exit("size_report.py: twiggy is not installed (scripts/setup bench installs it)")
    crates, modules = collections.Counter(), collections.Counter()
    for row in csv.DictReader(io.StringIO(out)):
        size = int(row["ShallowSize"])
        crate, module = owner(row["Name"])
        crates[crate] += size
        if module:
            modules[module] += size
    # The name section and wasm-bindgen's description section never reach the browser.
    for gone in [c for c in crates if c.startswith(("function names", "custom section", "wasm-bindgen descr"))]:
        del crates[gone]
    total = sum(crates.values())
    print(f"Code and data by crate ({total / 1024:.0f} KB before wasm-bindgen and wasm-opt):")
    for crate, size in crates.most_common(args.rows):
        print(f"  {size / 1024:8.1f} KB {100 * size / total:5.1f}%  {crate}")
    print(f"\nThis crate by module ({sum(modules.values()) / 1024:.0f} KB):")
    for module, size in modules.most_common(args.rows):
        print(f"  {size / 1024:8.1f} KB {100 * size / total:5.1f}%  {module}")


if __name__ == "__main__":
    main()
