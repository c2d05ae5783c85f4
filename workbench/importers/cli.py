"""`workbench import notes|photos|documents|timeline|grievances CASE PATH... [--json]`, and
`workbench import json|archive CASE PATH` (a new case made from a whole-case export)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from workbench.importers import KINDS
from workbench.importers.results import MIB, REJECTED, ImportOptions, Limits

OK, PROBLEMS, USAGE = 0, 1, 2
# These make a NEW case (CASE must not exist yet) from one exported file.
WHOLE_CASE = ("json", "archive")


def _mapping(text: str) -> tuple[str, str]:
    column, sep, target = text.partition("=")
    if not sep or not column.strip() or not target.strip():
        raise argparse.ArgumentTypeError(f"'{text}' is not COLUMN=FIELD")
    return column.strip(), target.strip()


def _megabytes(text: str) -> int:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of megabytes") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("a limit must be above zero")
    return int(value * MIB)


def register(sub: argparse._SubParsersAction,  # type: ignore[type-arg,unused-ignore]
             add_passphrase_option: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("import", help="import notes, photos, documents, timeline or "
                                      "grievance tables (folders are walked)")
    p.add_argument("kind", choices=[*KINDS, *WHOLE_CASE])
    p.add_argument("case", type=Path)
    p.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="print one JSON record per file")
    p.add_argument("--acquired-from", default="", metavar="WHO",
                   help="who the files came from (kept with each evidence item)")
    order = p.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", dest="dayfirst", action="store_const", const=True,
                       help="read 03/04/2018 as 3 April")
    order.add_argument("--monthfirst", dest="dayfirst", action="store_const", const=False,
                       help="read 03/04/2018 as 4 March")
    p.add_argument("--map", dest="column_map", type=_mapping, action="append", default=[],
                   metavar="COLUMN=FIELD", help="map a table column to a field (or 'ignore')")
    p.add_argument("--skip-bad-rows", action="store_true",
                   help="import a table's good rows and list the bad ones")
    p.add_argument("--max-file-mb", type=_megabytes, metavar="MB",
                   help=f"largest file accepted (default {Limits().max_file_bytes // MIB})")
    p.add_argument("--max-unzipped-mb", type=_megabytes, metavar="MB",
                   help="largest total uncompressed size of a DOCX/ODT/XLSX (default "
                        f"{Limits().max_unzipped_bytes // MIB})")
    p.add_argument("--max-megapixels", type=float, metavar="MP",
                   help=f"largest photo (default {Limits().max_pixels / 1e6:.0f})")
    add_passphrase_option(p)
    p.set_defaults(handler=run, dayfirst=None)


def options_from(args: argparse.Namespace) -> ImportOptions:
    defaults = Limits()
    limits = Limits(
        max_file_bytes=args.max_file_mb or defaults.max_file_bytes,
        max_unzipped_bytes=args.max_unzipped_mb or defaults.max_unzipped_bytes,
        max_pixels=int(args.max_megapixels * 1e6) if args.max_megapixels
        else defaults.max_pixels,
    )
    return ImportOptions(limits=limits, acquired_from=args.acquired_from,
                         column_map=dict(args.column_map), dayfirst=args.dayfirst,
                         skip_bad_rows=args.skip_bad_rows)


def run(args: argparse.Namespace) -> int:
    # The importers (and the case) load only to import: this module is imported to build
    # the command line, `workbench gui` included.
    from workbench.cli import open_case
    from workbench.importers.batch import import_paths

    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        print(f"workbench: not found: {', '.join(missing)}", file=sys.stderr)
        return USAGE
    if args.kind in WHOLE_CASE:
        return _whole_case(args)
    options = options_from(args)
    with open_case(args) as case:
        results = import_paths(case, args.kind, list(args.paths), options=options)
    for result in results:
        if args.json:
            print(json.dumps(result.as_json(), ensure_ascii=False))
        else:
            print(result.line())
            for note in result.notes:
                print(f"    {note}")
    if not args.json:
        counts = {s: sum(r.status == s for r in results)
                  for s in ("imported", "duplicate", "rejected")}
        print(", ".join(f"{n} {s}" for s, n in counts.items()), file=sys.stderr)
    return PROBLEMS if any(r.status == REJECTED for r in results) else OK


def _whole_case(args: argparse.Namespace) -> int:
    from db.keys import DEFAULT_KDF
    from workbench.passphrase import read_passphrase
    from workbench.publication.case_import import import_archive, import_json

    if len(args.paths) != 1:
        print(f"workbench: import {args.kind} takes exactly one file", file=sys.stderr)
        return USAGE
    passphrase = read_passphrase(args.passphrase_file, prompt="Passphrase for the new case: ",
                                 confirm=True)
    reader = import_json if args.kind == "json" else import_archive
    with reader(args.case, passphrase, args.paths[0], kdf=DEFAULT_KDF,
                reviewer=args.reviewer) as case:
        from workbench.overview import overview

        counts = overview(case).counts
    summary = ", ".join(f"{n} {k}" for k, n in counts.items() if n and k != "audit_entries")
    if args.json:
        print(json.dumps({"case": str(args.case), "counts": counts}, ensure_ascii=False))
    else:
        print(f"created {args.case} from {args.paths[0].name}: {summary}")
    return OK
