"""What bounds a first publication export: preparing its photos from their originals.

Run: ``python -m tests.bench.probe_export [COUNT]`` (default 300): the export benchmark's
own photos (``bench_export._photo``: 1600x1200, one redaction region each), made in memory.
Prints, for the same threads as an export (``prepared.PHOTO_WORKERS``): decoding alone at
the reduced JPEG scale an export decodes at, then the whole preparation (decode, resample,
burn, encode), and the prepared copies' total size. Figures, not assertions; see
docs/bench-profiles/README.md.
"""

from __future__ import annotations

import io
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from PIL import Image

from tests.bench.bench_export import _photo
from workbench.publication import images
from workbench.publication.prepared import PHOTO_WORKERS


def _decode(data: bytes) -> int:
    with Image.open(io.BytesIO(data)) as img:
        images._draft(img, images.MAX_EDGE)
        img.load()
        return img.size[0] * img.size[1]


def _prepare(data: bytes) -> int:
    region = images.Region(0.2, 0.2, 0.3, 0.3, "fill")  # as the benchmark's photos have
    return len(images.publishable_photo(data, [region], redact=True)[0])


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    rng = random.Random(7)  # the benchmark case's seed (bench_export.build_case)
    originals = [_photo(rng, k) for k in range(count)]
    print(f"{len(originals)} originals, {sum(map(len, originals)) / 2**20:,.0f} MiB, "
          f"{PHOTO_WORKERS} threads")
    for label, work in (("decode at reduced scale", _decode),
                        ("whole preparation", _prepare)):
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=PHOTO_WORKERS) as pool:
            sizes = list(pool.map(work, originals))
        elapsed = time.perf_counter() - start
        extra = (f", copies {sum(sizes) / 2**20:,.0f} MiB" if work is _prepare
                 else f", {sum(sizes) / len(sizes) / 1e6:.1f} MP decoded each")
        print(f"{label:<24} {elapsed:6.2f} s{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
