"""Import throughput: photos per second and notes per second, against the bare cost of
reading, hashing and decoding the same files (what no importer can go below).

Run: ``python -m tests.bench.bench_import``. Prints a table. Photos: the camera and phone
files of ../shared/corpora/exif-samples plus generated 12-megapixel JPEGs; notes: generated
TXT/MD notes with headers plus the DOCX/ODT/RTF of pandoc's tests. Figures, not assertions.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import tempfile
import time
from pathlib import Path

from PIL import Image

from db.keys import FAST_KDF
from workbench.case import Case
from workbench.importers import photos as photo_importer  # registers the HEIF opener
from workbench.importers.batch import collect, import_paths
from workbench.importers.results import Limits
from workbench.importers.text_readers import read_text

CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"
PASSPHRASE = "bench passphrase"
SENTENCE = ("la comunidad denunció que el agua del canal cambió de color después del paso "
            "de los camiones de la empresa y que la policía llegó a las tres de la tarde")
WORDS = SENTENCE.split(" ")


def phone_jpeg(seed: int) -> bytes:
    rng = random.Random(seed)
    small = Image.frombytes("RGB", (400, 300), rng.randbytes(400 * 300 * 3))
    img = small.resize((4000, 3000), Image.Resampling.BILINEAR)  # photo-like detail
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Bench", "Phone 12MP"
    exif.get_ifd(0x8769)[0x9003] = "2018:04:03 14:12:08"
    out = io.BytesIO()
    img.save(out, "JPEG", quality=88, exif=exif)
    return out.getvalue()


def notes_text(seed: int) -> str:
    rng = random.Random(seed)
    body = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(120)) for _ in range(6))
    return (f"---\ntitle: Entrevista {seed}\ninterviewee: Persona {seed % 40}\n"
            f"date: 2018-04-{1 + seed % 28:02d}\nconsent: notes, internal\n---\n\n{body}\n")


def prepare(folder: Path) -> tuple[Path, Path]:
    photos, notes = folder / "photos", folder / "notes"
    photos.mkdir()
    notes.mkdir()
    for source in sorted((CORPORA / "exif-samples").rglob("*")):
        if source.suffix.lower() in (".jpg", ".jpeg", ".heic", ".heif", ".tiff"):
            (photos / f"{len(list(photos.iterdir())):03d}{source.suffix}").write_bytes(
                source.read_bytes())
    for i in range(12):
        (photos / f"phone_{i:02d}.jpg").write_bytes(phone_jpeg(i))
    for i in range(200):
        suffix = ".md" if i % 2 else ".txt"
        (notes / f"note_{i:03d}{suffix}").write_text(notes_text(i), encoding="utf-8")
    for source in sorted((CORPORA / "pandoc-tests").rglob("*")):
        if source.suffix in (".docx", ".odt", ".rtf"):
            (notes / f"p_{source.name}").write_bytes(source.read_bytes())
    return photos, notes


def bare_photos(files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        data = path.read_bytes()
        hashlib.sha256(data).hexdigest()
        try:
            with Image.open(io.BytesIO(data)) as img:
                img.load()  # a full decode: what viewing the photo once costs
        except Exception:  # noqa: S112 - the corpus holds broken files on purpose
            continue
    return time.perf_counter() - start


def bare_notes(files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        data = path.read_bytes()
        hashlib.sha256(data).hexdigest()
        try:
            read_text(path.name, data, Limits())
        except Exception:  # noqa: S112
            continue
    return time.perf_counter() - start


def timed_import(folder: Path, kind: str, work: Path) -> tuple[float, int, int]:
    path = work / f"{kind}.case"
    with Case.create(path, PASSPHRASE, "bench", kdf=FAST_KDF, reviewer="bench") as case:
        start = time.perf_counter()
        results = import_paths(case, kind, [folder])
        elapsed = time.perf_counter() - start
    imported = sum(r.status == "imported" for r in results)
    return elapsed, len(results), imported


def main() -> None:
    if not photo_importer.HEIF_AVAILABLE:
        print("note: pillow-heif missing; HEIC files will be rejected")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        photos, notes = prepare(work)
        rows = []
        for kind, folder, bare in (("photos", photos, bare_photos), ("notes", notes,
                                                                       bare_notes)):
            files = collect(kind, [folder])
            size = sum(p.stat().st_size for p in files)
            bare_s = min(bare(files) for _ in range(2))
            import_s, total, imported = timed_import(folder, kind, work)
            rows.append((kind, total, imported, size, bare_s, import_s))
    print(f"machine: {os.cpu_count()} CPUs; one process, one file per transaction")
    print(f"{'kind':<8}{'files':>7}{'imported':>10}{'MiB':>8}{'bare files/s':>14}"
          f"{'import files/s':>16}{'import/bare':>13}")
    for kind, total, imported, size, bare_s, import_s in rows:
        print(f"{kind:<8}{total:>7}{imported:>10}{size / 2**20:>8.1f}{total / bare_s:>14.1f}"
              f"{total / import_s:>16.1f}{import_s / bare_s:>12.2f}x")


if __name__ == "__main__":
    main()
