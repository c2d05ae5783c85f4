"""Export figures: a publication PDF of a case with 500 events and 300 photos, against
ReportLab rendering the same flowables with no policy and no scan.

Two exports of the same case: the first (cold) prepares every photo and keeps the copies
in the case; the second (warm) reuses them, as every later export does until a photo or
its regions change. Run: ``python -m tests.bench.bench_export [events] [photos]`` (a few
minutes). Each measurement runs in a fresh process, so peak memory (max RSS) is its own.
Figures, not assertions.
"""

from __future__ import annotations

import io
import multiprocessing as mp
import pickle
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from db.keys import FAST_KDF
from db.models import EvidenceEvent, RedactionRegion
from workbench.case import Case
from workbench.services import actors, events, evidence, interviews

PASSPHRASE = "bench passphrase"
NAMES = ["José María Núñez-Ávila", "Rosa Quispe Mamani", "Ñusta Q'ori Huamán",
         "Wilber Ccori Apaza", "Teodoro Huamán Condori", "María del Carmen O'Brien"]


def _rss_mib() -> float:
    """Peak RSS of this process. ru_maxrss survives exec, so a spawned child would report
    its (larger) parent's peak; /proc's VmHWM belongs to this process image alone."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _photo(rng: random.Random, n: int) -> bytes:
    image = Image.new("RGB", (1600, 1200), (rng.randrange(90, 160),) * 3)
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = rng.randrange(1600), rng.randrange(1200)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x, y, x + rng.randrange(20, 300), y + rng.randrange(20, 300)),
                     fill=colour)
    draw.text((40, 40), f"Bench photo {n} - Rosa Quispe Mamani", fill=(255, 255, 255))
    exif = Image.Exif()
    exif[0x010F] = "BenchCam"
    exif[0x0110] = "B-1"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "S", 2: (14.0, 12.0, 18.4), 3: "W", 4: (71.0, 24.0, 43.8)})
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()


def build_case(path: Path, n_events: int, n_photos: int) -> None:
    rng = random.Random(7)
    with Case.create(path, PASSPHRASE, "Benchmark review", kdf=FAST_KDF) as case:
        with case.write("bench actors") as s:
            ids = [actors.add_actor_in(s, name, aliases=[name.split()[0] + " " + name.split()[-1]],
                                       protection="withheld" if i == 1 else "pseudonymous").id
                   for i, name in enumerate(NAMES)]
            company = actors.add_actor_in(s, "Minera Bench S.A.", kind="organisation",
                                          protection="public").id
        event_ids = []
        with case.write("bench events") as s:
            for n in range(n_events):
                who = NAMES[n % len(NAMES)]
                day = f"20{18 + n % 2}-{1 + n % 12:02d}-{1 + n % 28:02d}"
                when = [day, day + "~", day[:7], f"{day}/{day[:8]}28"][n % 4]
                e = events.add_event_in(
                    s, f"Event {n}: {who} at the bridge", when=when,
                    description=f"{who} and {NAMES[(n + 1) % len(NAMES)]} described event {n}. "
                                "The guards dispersed the blockade; several people were hurt. "
                                * 2,
                    status=["alleged", "corroborated", "contested", "established"][n % 4],
                    roles=[events.Role(ids[n % len(ids)], "witness"),
                           events.Role(company, "alleged perpetrator")],
                    internal_notes=f"Internal: call {who} again.")
                event_ids.append(e.id)
        for n in range(0, n_photos, 25):
            with case.write("bench photos") as s:
                for k in range(n, min(n + 25, n_photos)):
                    item = evidence.add_evidence_in(
                        s, case.reviewer, kind="photo", original=_photo(rng, k),
                        original_name=f"IMG_{k:04d}.jpg", media_type="image/jpeg",
                        publishable=k % 10 != 0, latitude=-14.2051, longitude=-71.4122,
                        caption=f"Photo {k} taken by {NAMES[k % len(NAMES)]}.")
                    s.flush()
                    s.add(RedactionRegion(evidence_id=item.id, x=0.2, y=0.2, w=0.3, h=0.3,
                                          style="blur" if k % 2 else "fill"))
                    s.add(EvidenceEvent(evidence_id=item.id,
                                        event_id=event_ids[k % len(event_ids)]))
        for n in range(20):
            notes = f"{NAMES[n % len(NAMES)]} said the guards fired. " * 5
            with case.write("bench interview") as s:
                iv = interviews.add_interview_in(
                    s, f"Interview {n}", interviewee_ids=[ids[n % len(ids)]], notes_text=notes,
                    held_on=f"2019-0{1 + n % 9}-10", language="es",
                    consent=interviews.Consent.parse("notes,anonymous-quotes"))
            interviews.mark_excerpt(case, start=0, end=len(notes) // 2, interview_id=iv.id)


def ensure_case(n_events: int, n_photos: int) -> Path:
    """The cached export case (built once into .bench-cache/)."""
    from tests.bench.generate import CACHE

    path = CACHE / f"export-{n_events}-{n_photos}.case"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        tmp.unlink(missing_ok=True)
        print(f"building the export case ({n_events} events, {n_photos} photos) ...",
              flush=True)
        build_case(tmp, n_events, n_photos)
        tmp.rename(path)
    return path


def _full_export(path: str, out: str, queue: Any) -> None:
    from workbench.publication.export import export

    with Case.open(path, PASSPHRASE) as case:
        base = _rss_mib()
        stages: list[tuple[str, float]] = []
        start = time.perf_counter()
        result = export(case, "publication", "pdf", out,
                        progress=lambda s: stages.append((s, time.perf_counter() - start)))
        total = time.perf_counter() - start
    queue.put({"total": total, "stages": stages, "pages": result.pages, "rss": _rss_mib(),
               "base": base, "size": Path(out).stat().st_size})


def _model(path: str, pickled: str, queue: Any) -> None:
    from workbench.publication.report_model import build_report

    with Case.open(path, PASSPHRASE) as case:
        report, _ = build_report(case, "publication")
    Path(pickled).write_bytes(pickle.dumps(report))
    queue.put({})


def _render_only(pickled: str, queue: Any) -> None:
    from exports import pdf

    report = pickle.loads(Path(pickled).read_bytes())  # noqa: S301 (our own file)
    base = _rss_mib()
    start = time.perf_counter()
    data = pdf.render(report)
    queue.put({"total": time.perf_counter() - start, "rss": _rss_mib(), "base": base,
               "size": len(data)})


def _run(target: Any, *args: Any) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result  # type: ignore[no-any-return]


def _stages(full: dict[str, Any]) -> tuple[float, float, float]:
    """(build model, render, leak scan + write + record) of one export, from its marks."""
    marks = dict(full["stages"])
    model_s = marks.get("rendering", 0.0)
    render_s = marks.get("checking", 0.0) - model_s
    return model_s, render_s, full["total"] - model_s - render_s


def main() -> None:
    n_events = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    n_photos = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    with tempfile.TemporaryDirectory() as folder:
        case_path = Path(folder) / "bench.case"
        start = time.perf_counter()
        build_case(case_path, n_events, n_photos)
        print(f"built a case with {n_events} events and {n_photos} photos "
              f"({case_path.stat().st_size / 2**20:.0f} MiB) in "
              f"{time.perf_counter() - start:.0f} s")
        _run(_model, str(case_path), str(Path(folder) / "model.pickle"))
        cold = _run(_full_export, str(case_path), str(Path(folder) / "public.pdf"))
        bare = _run(_render_only, str(Path(folder) / "model.pickle"))  # between: same load
        warm = _run(_full_export, str(case_path), str(Path(folder) / "public.pdf"))
    print(f"{'':<46}{'time':>9}{'peak RSS':>12}{'ratio':>8}")
    for label, full in (("first export (cold: photos prepared, kept)", cold),
                        ("repeat export (warm: kept copies reused)", warm)):
        model_s, render_s, rest_s = _stages(full)
        print(f"{label:<46}{full['total']:>8.1f}s{full['rss']:>9.0f} MiB"
              f"{full['total'] / bare['total']:>7.2f}x")
        print(f"{'  build model (policy, photos)':<46}{model_s:>8.1f}s")
        print(f"{'  render PDF':<46}{render_s:>8.1f}s")
        print(f"{'  leak scan, write, custody':<46}{rest_s:>8.1f}s")
    print(f"{'ReportLab alone (same flowables, no policy/scan)':<46}{bare['total']:>8.1f}s"
          f"{bare['rss']:>9.0f} MiB")
    print(f"{'(process RSS before the work)':<46}{'':>9}{cold['base']:>9.0f} MiB")
    print(f"pages: {warm['pages']}, PDF size: {warm['size'] / 2**20:.1f} MiB; export vs "
          f"ReportLab alone: cold {cold['total'] / bare['total']:.2f}x, "
          f"warm {warm['total'] / bare['total']:.2f}x")


if __name__ == "__main__":
    main()
