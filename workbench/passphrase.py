"""Where the command line gets a passphrase: a file, the environment, or a prompt; never an
argument (arguments are visible to every user of the machine in the process list)."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from workbench.errors import InvalidInput


def read_passphrase(file: Path | None, env: str = "WORKBENCH_PASSPHRASE",
                    prompt: str = "Passphrase: ", confirm: bool = False) -> str:
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8-sig")  # a BOM (Notepad) is not part of it
        except OSError as exc:
            raise InvalidInput(
                f"{file}: cannot read the passphrase file ({exc.strerror})"
            ) from None
        return text.rstrip("\r\n")
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise InvalidInput(f"no passphrase: use --passphrase-file or set {env}")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Repeat: ") != first:
        raise InvalidInput("the passphrases do not match")
    return first
