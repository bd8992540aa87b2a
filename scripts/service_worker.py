#!/usr/bin/env python3
"""Writes the service worker (sw.js) into a built copy of the app.

Trunk runs this after every build (the post_build hook in Trunk.toml) on its staging
directory, so the list of files to cache is the build's own hashed file names, never a
hand-kept list. The worker's version is a hash of every file's name and content: any
change to the build makes a new worker, which browsers pick up on the next visit.

A release build gets the caching worker (scripts/sw.template.js). A debug build (`trunk
serve`) gets a worker that removes itself and its caches, so a developer never sees a
stale build.

    python3 scripts/service_worker.py [DIR]     # default: $TRUNK_STAGING_DIR
"""
import hashlib
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORKER = "sw.js"

REMOVE_ITSELF = """// Development build: no offline cache. This worker clears what an earlier release
// build cached and unregisters itself, so `trunk serve` always shows the newest build.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) await caches.delete(key);
    await self.registration.unregister();
  })());
});
"""


def build_files(root):
    """Every file of the build except the worker itself, as sorted URL paths."""
    files = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name != WORKER:
            files.append(path.relative_to(root).as_posix())
    return files


def version(root, files):
    h = hashlib.sha256()
    for name in files:
        h.update(name.encode())
        h.update(b"\0")
        h.update((root / name).read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:16]


def main():
    arg = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TRUNK_STAGING_DIR")
    if not arg:
        sys.exit("service_worker.py: give the built app's directory (or run it from trunk's post_build hook)")
    root = Path(arg)
    if not (root / "index.html").is_file():
        sys.exit(f"service_worker.py: {root} has no index.html; is it a built app?")
    out = root / WORKER
    if os.environ.get("TRUNK_PROFILE", "release") != "release":
        out.write_text(REMOVE_ITSELF)
        print(f"service_worker.py: debug build, wrote a self-removing {out}")
        return
    files = build_files(root)
    v = version(root, files)
    template = (HERE / "sw.template.js").read_text()
    text = template.replace("__VERSION__", json.dumps(v)).replace("__FILES__", json.dumps(files))
    out.write_text(text)
    print(f"service_worker.py: wrote {out} (version {v}, {len(files)} files)")


if __name__ == "__main__":
    main()
