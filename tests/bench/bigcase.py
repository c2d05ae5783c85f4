"""A case with many events, generated fast for the timeline benchmark and its test.

Rows go in with bulk inserts, a chunk per transaction; each chunk appends ONE audit entry
that records every row it created (the same before/after form as a service write, so
``workbench verify`` finds the log complete), and puts the events in the search index.
Services would take minutes for 100,000 events (one transaction each); the result is the
same file, audit log included.
"""

from __future__ import annotations

import random
from pathlib import Path

from sqlalchemy import insert, text

from db import search_index
from db.keys import FAST_KDF
from db.models import Event, EventActor
from workbench import audit
from workbench.case import Case
from workbench.services.actors import add_actor
from workbench.services.events import add_event

CATEGORIES = ("arrest", "protest", "threat", "water", "land access", "use of force",
              "consultation", "health")
STATUSES = ("alleged", "corroborated", "contested", "established", "refuted")
CHUNK = 10_000


def _when(rnd: random.Random, i: int) -> str:
    year, month, day = rnd.randint(1990, 2024), rnd.randint(1, 12), rnd.randint(1, 28)
    return [f"{year}-{month:02d}-{day:02d}", f"{year}-{month:02d}",
            f"{year}-{month:02d}-{day:02d}~",
            f"{year}-{month:02d}-{day:02d}T{rnd.randint(0, 23):02d}:00",
            f"{year}-{month:02d}-{day:02d}?/{year}-{month:02d}-28"][i % 5]


def generate(path: Path, passphrase: str, events: int, *, seed: int = 1,
             progress: bool = False) -> Path:
    """Create ``path`` with ``events`` events over 35 years, 20 actors, five date forms."""
    from workbench import dates

    rnd = random.Random(seed)
    with Case.create(path, passphrase, f"{events:,} generated events", kdf=FAST_KDF,
                     reviewer="bench") as case:
        actors = [add_actor(case, f"Generated actor {i}").first_created("actor")
                  for i in range(20)]
        # One event through the service, so ids and the index start as the workbench does.
        first = add_event(case, "Generated event 0", when="2000-01-01").first_created("event")
        next_id = first + 1
        for start in range(1, events, CHUNK):
            end = min(events, start + CHUNK)
            with case.read() as session:  # read() rolls back unless committed: commit below
                link_id = int(session.execute(
                    text("SELECT coalesce(max(id), 0) FROM event_actor")).scalar_one()) + 1
                event_rows, link_rows, changes = [], [], {}
                for i in range(start, end):
                    when = _when(rnd, i)
                    earliest, latest = dates.bounds(when)
                    row = {"id": next_id, "title": f"Generated event {i}",
                           "description": f"Generated description {i}", "when": when,
                           "category": CATEGORIES[i % len(CATEGORIES)],
                           "status": STATUSES[i % 5], "when_start": earliest,
                           "when_end": latest, "place_id": None, "internal_notes": ""}
                    link = {"id": link_id, "event_id": next_id, "actor_id": actors[i % 20],
                            "role": "witness"}
                    event_rows.append(row)
                    link_rows.append(link)
                    changes[f"event:{next_id}"] = {"before": None,
                                                   "after": audit.snapshot(Event(**row))}
                    changes[f"event_actor:{link_id}"] = {
                        "before": None, "after": audit.snapshot(EventActor(**link))}
                    next_id += 1
                    link_id += 1
                session.execute(insert(Event), event_rows)
                session.execute(insert(EventActor), link_rows)
                search_index.put_new(session, [
                    {"kind": "event", "ref": r["id"], "title": r["title"],
                     "body": f"{r['description']} {r['category']}"} for r in event_rows])
                audit.append(session, case.reviewer,
                             f"generate events {start + 1}-{end} (benchmark)", changes)
                session.commit()
            if progress:
                print(f"  {end:,} events", flush=True)
    return path
