"""The ``workbench`` command: the composition root for the command line and the window.

Exit codes: 0 fine; 1 a check found problems (or some files were rejected); 2 usage error,
wrong passphrase, or not a case. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.errors import CaseError, InvalidInput
from workbench.passphrase import read_passphrase

# The case (SQLAlchemy, the models) is imported by the commands that open one: `gui` shows
# its window first and loads the core behind it (ui/warmup.py).
if TYPE_CHECKING:
    from workbench.case import Case

OK, PROBLEMS, USAGE = 0, 1, 2

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # No abbreviations: "--passphrase SECRET" must be an error, not a file name.
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(USAGE, f"workbench: {message}\n")


def _add_passphrase_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--passphrase-file", type=Path, metavar="FILE",
                   help="read the passphrase from FILE (else $WORKBENCH_PASSPHRASE or a prompt)")
    p.add_argument("--reviewer", help="name recorded in the audit log (else $WORKBENCH_REVIEWER "
                                      "or your user name)")


def open_case(args: argparse.Namespace) -> Case:
    from workbench.case import Case

    passphrase = read_passphrase(args.passphrase_file)
    return Case.open(args.case, passphrase, reviewer=args.reviewer)


def _new(args: argparse.Namespace) -> int:
    from db.keys import DEFAULT_KDF, FAST_KDF
    from workbench.case import Case

    passphrase = read_passphrase(args.passphrase_file, confirm=True)
    kdf = FAST_KDF if args.fast_kdf else DEFAULT_KDF
    with Case.create(args.case, passphrase, args.title, kdf=kdf, reviewer=args.reviewer):
        pass
    print(f"created {args.case}")
    return OK


def _demo(args: argparse.Namespace) -> int:
    from db.keys import DEFAULT_KDF, FAST_KDF
    from workbench import demo

    passphrase = read_passphrase(args.passphrase_file, confirm=True)
    kdf = FAST_KDF if args.fast_kdf else DEFAULT_KDF
    with demo.build(args.case, passphrase, kdf=kdf, reviewer=args.reviewer):
        pass
    print(f"built the fictional demo case {args.case}")
    return OK


def _info(args: argparse.Namespace) -> int:
    from workbench import overview

    with open_case(args) as case:
        ov = overview.overview(case)
    if args.json:
        print(overview.to_json(ov))
        return OK
    print(f"{ov.title}{' (fictional demo)' if ov.is_demo else ''}")
    print(f"schema version: {ov.schema_version}")
    for name, count in ov.counts.items():
        print(f"  {name.replace('_', ' ')}: {count}")
    return OK


def _verify(args: argparse.Namespace) -> int:
    from workbench.verify import verify

    with open_case(args) as case:
        results = verify(case)
    ok = all(r.ok for r in results)
    if args.json:
        print(json.dumps({"ok": ok, "checks": [r.as_json() for r in results]},
                         ensure_ascii=False, indent=2))
    else:
        for r in results:
            print(f"{'ok  ' if r.ok else 'FAIL'} {r.name}")
            for problem in r.problems[:20]:
                print(f"     {problem}")
            if len(r.problems) > 20:
                print(f"     … and {len(r.problems) - 20} more")
    return OK if ok else PROBLEMS


def _search(args: argparse.Namespace) -> int:
    from workbench.search import search

    with open_case(args) as case:
        hits = search(case, args.query, limit=args.limit)
    if args.json:
        # The interface: each hit with its type, id, title and snippet.
        print(json.dumps([{"type": h.kind, "id": h.ref, "title": h.title,
                           "snippet": h.snippet, "score": h.score} for h in hits],
                         ensure_ascii=False, indent=2))
    else:
        for h in hits:
            print(f"{h.kind:<15} {h.ref:>6}  {h.title}\n{'':22}{h.snippet}")
    return OK


def _passwd(args: argparse.Namespace) -> int:
    with open_case(args) as case:
        new = read_passphrase(None, env="WORKBENCH_NEW_PASSPHRASE",
                              prompt="New passphrase: ", confirm=True)
        case.change_passphrase(new)
    print(f"passphrase changed for {args.case}")
    return OK


def _backup(args: argparse.Namespace) -> int:
    with open_case(args) as case:
        dest = case.backup(args.dest)
    print(f"encrypted backup written to {dest}")
    return OK


def _compact(args: argparse.Namespace) -> int:
    from workbench.maintenance import compact

    with open_case(args) as case:
        done = compact(case)
    print(f"compacted {args.case}: {done.purged_entries} audit entries purged of deleted "
          f"content; {done.bytes_before} -> {done.bytes_after} bytes")
    return OK


def _gui(args: argparse.Namespace) -> int:
    from ui.app import run  # the one place the core reaches for the window

    return run(case_path=getattr(args, "case", None), screenshot=getattr(args, "screenshot", None),
               view=getattr(args, "view", None),
               passphrase_file=getattr(args, "passphrase_file", None))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="workbench", description="Incident Investigation Workbench")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser("gui", help="open the window")
    p.add_argument("case", nargs="?", type=Path)
    p.add_argument("--screenshot", type=Path, metavar="PNG",
                   help="render the window to PNG and exit (needs the passphrase)")
    p.add_argument("--view", help="the view to show (overview, timeline, ...)")
    _add_passphrase_option(p)
    p.set_defaults(handler=_gui)

    p = sub.add_parser("new", help="create a new, empty case")
    p.add_argument("case", type=Path)
    p.add_argument("--title", required=True)
    p.add_argument("--fast-kdf", action="store_true", help=argparse.SUPPRESS)
    _add_passphrase_option(p)
    p.set_defaults(handler=_new)

    p = sub.add_parser("demo", help="build the fictional demo case")
    p.add_argument("case", type=Path)
    p.add_argument("--fast-kdf", action="store_true", help=argparse.SUPPRESS)
    _add_passphrase_option(p)
    p.set_defaults(handler=_demo)

    for name, handler, text in (("info", _info, "what the case holds"),
                                ("verify", _verify, "check cipher, database, hashes, audit")):
        p = sub.add_parser(name, help=text)
        p.add_argument("case", type=Path)
        p.add_argument("--json", action="store_true")
        _add_passphrase_option(p)
        p.set_defaults(handler=handler)

    p = sub.add_parser("search", help="full-text search")
    p.add_argument("case", type=Path)
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true")
    _add_passphrase_option(p)
    p.set_defaults(handler=_search)

    p = sub.add_parser("passwd", help="change the passphrase")
    p.add_argument("case", type=Path)
    _add_passphrase_option(p)
    p.set_defaults(handler=_passwd)

    p = sub.add_parser("backup", help="write an encrypted backup")
    p.add_argument("case", type=Path)
    p.add_argument("dest", type=Path)
    _add_passphrase_option(p)
    p.set_defaults(handler=_backup)

    p = sub.add_parser("compact", help="make deleted content unrecoverable and compact "
                                       "the file")
    p.add_argument("case", type=Path)
    _add_passphrase_option(p)
    p.set_defaults(handler=_compact)

    for register in _extensions():
        register(sub, _add_passphrase_option)
    return parser


def _extensions() -> list[Callable[..., None]]:
    """Command groups that live beside their code: ``import`` and ``export``."""
    from workbench.importers.cli import register as register_import
    from workbench.publication.cli import register as register_export

    return [register_import, register_export]


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = getattr(args, "handler", _gui)
    try:
        return handler(args)
    except (CaseError, InvalidInput) as exc:
        print(f"workbench: {exc}", file=sys.stderr)
        return USAGE if _is_usage(exc) else PROBLEMS
    except OSError as exc:  # a missing folder, no permission, a full disk: one line too
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"workbench: {where}{exc.strerror or exc}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        print("workbench: interrupted", file=sys.stderr)
        return USAGE


def _is_usage(exc: CaseError) -> bool:
    from workbench.errors import (
        CaseNotFound,
        DamagedCase,
        NewerSchema,
        NotACase,
        WrongPassphrase,
    )

    # A damaged case is a check that found problems (exit 1), not a usage error.
    if isinstance(exc, DamagedCase):
        return False
    return isinstance(exc, CaseNotFound | NotACase | WrongPassphrase | NewerSchema | InvalidInput)


if __name__ == "__main__":
    sys.exit(main())
