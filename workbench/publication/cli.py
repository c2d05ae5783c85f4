"""``workbench export``: reports, data exports and archives from the command line.

Exit codes: 0 written; 1 refused (the leak guard found something, or the export is not
allowed for this profile) and nothing was written; 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from exports.model import FORMATS, LANGUAGES, PROFILES
from workbench.passphrase import read_passphrase

OK, REFUSED = 0, 1


def _export(args: argparse.Namespace) -> int:
    # The renderers and the leak guard (ReportLab, pypdf, PDFium) load only to export:
    # this module is imported to build the command line, `workbench gui` included.
    from workbench.cli import open_case
    from workbench.publication.export import ExportRefused, export
    from workbench.publication.leak_guard import LeakFound

    password = None
    if args.encrypt:
        password = read_passphrase(args.pdf_password_file, env="WORKBENCH_PDF_PASSWORD",
                                   prompt="PDF password: ", confirm=True)
    with open_case(args) as case:
        try:
            result = export(case, args.profile, args.format, args.output, lang=args.lang,
                            password=password)
        except LeakFound as exc:
            if args.json:
                print(json.dumps({"refused": True, "leaks": [
                    {"what": leak.what, "where": leak.where} for leak in exc.leaks]},
                    ensure_ascii=False, indent=2))
            print(f"workbench: {exc}", file=sys.stderr)
            return REFUSED
        except ExportRefused as exc:
            print(f"workbench: {exc}", file=sys.stderr)
            return REFUSED
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return OK
    pages = f", {result.pages} pages" if result.pages else ""
    print(f"wrote {result.path}{pages}")
    if result.withheld:
        print("withheld from this export (this list is not part of it):")
        for w in result.withheld:
            print(f"  {w.what}: {w.reason}")
    return OK


def register(sub: Any, add_passphrase_option: Callable[[argparse.ArgumentParser], None]
             ) -> None:
    p = sub.add_parser("export", help="write a report, data export or archive")
    p.add_argument("case", type=Path)
    p.add_argument("--profile", choices=PROFILES, required=True,
                   help="confidential: everything, for the team; publication: safe to publish")
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT",
                   help="the file to write (a new folder for csv)")
    p.add_argument("--lang", choices=LANGUAGES, default="en", help="report language")
    p.add_argument("--encrypt", action="store_true",
                   help="protect the PDF with a password (AES-256)")
    p.add_argument("--pdf-password-file", type=Path, metavar="FILE",
                   help="read the PDF password from FILE (else $WORKBENCH_PDF_PASSWORD or a "
                        "prompt)")
    p.add_argument("--json", action="store_true",
                   help="print the output path, page count and withheld list as JSON")
    add_passphrase_option(p)
    p.set_defaults(handler=_export)


__all__ = ["register"]
