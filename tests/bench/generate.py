"""Deterministic, seeded benchmark cases at three sizes, plus the source files to import.

``python -m tests.bench.generate small|large|huge`` builds (or reuses) under ``.bench-cache/``
(git-ignored; nothing generated is committed):

- ``<size>/photos/``: JPEGs of 8 to 12 megapixels (``small``: about 3 MP, so the quick run
  stays quick) with camera, capture time and GPS in EXIF; smooth noise plus gradients so
  the files weigh what phone photos weigh;
- ``<size>/notes/``: DOCX interview notes with a metadata header (for the import benchmark);
- ``<size>/case.case``: the case: events, actors and interviews of about 20 KB of text go in
  through ``workbench.bulk`` (one audited transaction per chunk), photos through the normal
  importer; ``workbench verify`` passes on it.

The same seed gives the same files and the same rows on every machine.
"""

from __future__ import annotations

import io
import json
import random
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from db import keys
from db.models import ConsentRecord, Event, EventActor, Interview, Interviewee
from workbench import bulk, dates
from workbench.case import Case
from workbench.services.actors import add_actor_in

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".bench-cache"
PASSPHRASE = "bench passphrase"
SEED = 20260407
FORMAT = 3  # bump when the generated content changes, so caches are rebuilt


@dataclass(frozen=True)
class Size:
    name: str
    events: int
    interviews: int
    photos: int
    megapixels: tuple[float, float]
    notes_files: int  # DOCX files for the import benchmark
    interview_chars: int = 20_000


SIZES = {
    "small": Size("small", 200, 20, 50, (2.5, 3.5), 20),
    "large": Size("large", 20_000, 2_000, 1_000, (8.0, 12.0), 1_000),
    "huge": Size("huge", 100_000, 10_000, 5_000, (8.0, 12.0), 1_000),
}

# Words of the kind reviews hold (Spanish and English, with diacritics); drawn with a Zipf
# weighting so some words are everywhere and others rare, as in real notes.
_VOCABULARY_TEXT = (
    "comunidad agua canal camiones empresa policía llegó tarde denunció bloqueo puente "
    "heridos detenidos mina relave río ganado cosecha consulta previa asamblea dirigente "
    "amenaza desalojo terreno título comunero fiscal denuncia hospital herida bala perdigón "
    "gas lacrimógeno carretera madrugada noche mañana testigo vecino hija hijo madre padre "
    "autoridad alcalde comisaría celular fotografía video documento contrato acuerdo "
    "protesta marcha plaza iglesia escuela posta médica sangre plomo arsénico análisis "
    "laboratorio muestra resultado informe water truck company police arrived blockade "
    "bridge injured detained mine tailings river cattle harvest consultation assembly "
    "leader threat eviction land title prosecutor complaint hospital wound rubber bullet "
    "tear gas road dawn night morning witness neighbour daughter son mother father mayor "
    "station phone photograph contract agreement protest march square church school "
    "clinic blood lead arsenic sample result report Quispe Mamani Huamán Condori Apaza "
    "Ccori Núñez Espinar Chumbivilcas Cotabambas Challhuahuacho Fuerabamba Ñahuinlla"
)
VOCABULARY = _VOCABULARY_TEXT.split()
CATEGORIES = ("arrest", "protest", "threat", "water", "land access", "use of force",
              "consultation", "health")
STATUSES = ("alleged", "corroborated", "contested", "established", "refuted")
CHUNK = 2_000  # rows of the main table per audited transaction


class Words:
    """Seeded Zipf-weighted words."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.weights = [1 / (rank + 1) for rank in range(len(VOCABULARY))]

    def text(self, count: int) -> str:
        return " ".join(self.rng.choices(VOCABULARY, self.weights, k=count))

    def prose(self, chars: int) -> str:
        paragraphs, size = [], 0
        while size < chars:
            sentence = ". ".join(self.text(self.rng.randint(8, 20)).capitalize()
                                 for _ in range(self.rng.randint(3, 7))) + "."
            paragraphs.append(sentence)
            size += len(sentence) + 2
        return "\n\n".join(paragraphs)[:chars]


# -- source files ------------------------------------------------------------------------

def photo_jpeg(index: int, megapixels: tuple[float, float]) -> bytes:
    """One photo-like JPEG: upscaled noise (detail) over a gradient (sky/ground), EXIF."""
    rng = random.Random(SEED * 31 + index)
    mp = rng.uniform(*megapixels) * 1_000_000
    width = int((mp * 4 / 3) ** 0.5) // 16 * 16
    height = int(width * 3 / 4) // 16 * 16
    small = Image.frombytes("RGB", (width // 10, height // 10),
                            rng.randbytes((width // 10) * (height // 10) * 3))
    image = small.resize((width, height), Image.Resampling.BILINEAR)
    gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    image = Image.blend(image, gradient, 0.35)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "BenchCam", f"Phone {index % 7}"
    exif[0x0112] = 1 if index % 9 else 6
    exif.get_ifd(0x8769)[0x9003] = (f"{2015 + index % 9}:{1 + index % 12:02d}:"
                                    f"{1 + index % 28:02d} {index % 24:02d}:12:08")
    exif.get_ifd(0x8825).update({1: "S", 2: (14.0, 12.0, float(index % 60)), 3: "W",
                                 4: (71.0, 24.0, 43.8)})
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def notes_docx(index: int) -> bytes:
    import docx

    words = Words(random.Random(SEED * 17 + index))
    document = docx.Document()
    for line in (f"Title: Entrevista {index}", f"Interviewee: Persona {index % 300}",
                 f"Date: 2019-{1 + index % 12:02d}-{1 + index % 28:02d}",
                 "Consent: notes, internal", "Language: es"):
        document.add_paragraph(line)
    document.add_paragraph("")
    for paragraph in words.prose(6_000).split("\n\n"):
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _fill(folder: Path, count: int, suffix: str, make: Any) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{i:05d}{suffix}" for i in range(count)]
    for i, path in enumerate(paths):
        if not path.exists():
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_bytes(make(i))
            tmp.rename(path)
    return paths


def photo_files(size: Size) -> list[Path]:
    return _fill(CACHE / size.name / "photos", size.photos, ".jpg",
                 lambda i: photo_jpeg(i, size.megapixels))


def notes_files(size: Size) -> list[Path]:
    return _fill(CACHE / size.name / "notes", size.notes_files, ".docx", notes_docx)


# -- the case ------------------------------------------------------------------------------

def _when(rng: random.Random, i: int) -> str:
    y, m, d = rng.randint(1995, 2024), rng.randint(1, 12), rng.randint(1, 28)
    return [f"{y}-{m:02d}-{d:02d}", f"{y}-{m:02d}", f"{y}-{m:02d}-{d:02d}~",
            f"{y}-{m:02d}-{d:02d}T{rng.randint(0, 23):02d}:00",
            f"{y}-{m:02d}-{d:02d}?/{y}-{m:02d}-28"][i % 5]


def build_case(size: Size, path: Path, *, kdf: keys.KdfParams = keys.DEFAULT_KDF,
               progress: bool = True) -> dict[str, int]:
    """Create the case; returns the byte count of its originals (photos + notes text)."""
    from workbench.importers.batch import import_paths

    rng = random.Random(SEED)
    words = Words(rng)
    say = print if progress else (lambda *a, **k: None)
    with Case.create(path, PASSPHRASE, f"Benchmark case ({size.name})", kdf=kdf,
                     reviewer="bench") as case:
        # Actors through the service: it assigns pseudonyms (a few hundred, one write each).
        with case.write("generate actors (benchmark)") as session:
            actors = [{"id": add_actor_in(
                session, f"Persona {i} {rng.choice(VOCABULARY[-14:])}",
                protection=("public", "pseudonymous", "withheld")[i % 3]).id}
                for i in range(max(20, size.interviews // 10))]
        event_id = link_id = 1
        for start in range(0, size.events, CHUNK):
            events, links = [], []
            for i in range(start, min(size.events, start + CHUNK)):
                when = _when(rng, i)
                earliest, latest = dates.bounds(when)
                events.append({"id": event_id, "title": f"{words.text(5).capitalize()} ({i})",
                               "description": words.prose(rng.randint(150, 600)),
                               "when": when, "when_start": earliest, "when_end": latest,
                               "category": CATEGORIES[i % len(CATEGORIES)],
                               "status": STATUSES[i % len(STATUSES)]})
                links.append({"id": link_id, "event_id": event_id,
                              "actor_id": actors[i % len(actors)]["id"], "role": "witness"})
                event_id += 1
                link_id += 1
            bulk.add_rows(case, f"generate events {start + 1}-{event_id - 1} (benchmark)",
                          [(Event, events), (EventActor, links)])
            say(f"  {event_id - 1:,} events", flush=True)
        text_bytes = 0
        interview_id = 1
        for start in range(0, size.interviews, CHUNK // 4):
            interviews, people, consents = [], [], []
            for i in range(start, min(size.interviews, start + CHUNK // 4)):
                notes = words.prose(size.interview_chars)
                text_bytes += len(notes.encode("utf-8"))
                held = f"20{15 + i % 9}-{1 + i % 12:02d}-{1 + i % 28:02d}"
                actor = actors[i % len(actors)]["id"]
                interviews.append({"id": interview_id, "title": f"Entrevista {i}",
                                   "held_on": held, "held_on_start": dates.bounds(held)[0],
                                   "language": "es", "notes_text": notes,
                                   "extra_metadata": "{}"})
                people.append({"id": interview_id, "interview_id": interview_id,
                               "actor_id": actor})
                consents.append({"id": interview_id, "interview_id": interview_id,
                                 "actor_id": actor, "notes": True, "internal": True,
                                 "anonymous_quotes": i % 2 == 0, "named": i % 5 == 0,
                                 "photos": i % 3 == 0})
                interview_id += 1
            bulk.add_rows(case, f"generate interviews {start + 1}-{interview_id - 1} "
                          "(benchmark)", [(Interview, interviews), (Interviewee, people),
                                          (ConsentRecord, consents)])
            say(f"  {interview_id - 1:,} interviews", flush=True)
        photos = photo_files(size)
        say(f"  importing {len(photos)} photos", flush=True)
        import_paths(case, "photos", [photos[0].parent])
    photo_bytes = sum(p.stat().st_size for p in photos)
    return {"photo_bytes": photo_bytes, "text_bytes": text_bytes}


def case_path(size: Size) -> Path:
    return CACHE / size.name / "case.case"


def ensure_case(size: Size) -> tuple[Path, dict[str, int]]:
    """The cached case of ``size`` (built when missing or stale) and its originals' sizes."""
    path, meta_path = case_path(size), CACHE / size.name / "case.json"
    expected = {"format": FORMAT, "size": asdict(size)}
    if path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("expected") == json.loads(json.dumps(expected)):
            return path, meta["originals"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    meta_path.unlink(missing_ok=True)
    started = time.perf_counter()
    print(f"generating the {size.name} case (cached in {path.parent}) ...", flush=True)
    originals = build_case(size, path)
    print(f"  done in {time.perf_counter() - started:.0f} s, "
          f"{path.stat().st_size / 2**20:.0f} MiB", flush=True)
    meta_path.write_text(json.dumps({"expected": expected, "originals": originals}))
    return path, originals


def main() -> int:
    names = sys.argv[1:] or ["small"]
    for name in names:
        size = SIZES[name]
        photo_files(size)
        notes_files(size)
        ensure_case(size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
