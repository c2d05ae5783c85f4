"""Helper process for the passphrase-change kill test (not a test module).

Opens the case with $WB_OLD, then changes the passphrase back and forth between $WB_OLD
and $WB_NEW forever, printing "changed N" after each completed change, until killed.
With $WB_DIE_AT=swap it kills itself right after the atomic rename of the first change
(the moment between the swap and the audit entry), to hit that window every time.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from db.keys import FAST_KDF
from workbench.case import Case


def main() -> None:
    path = Path(sys.argv[1])
    current, other = os.environ["WB_OLD"], os.environ["WB_NEW"]
    case = Case.open(path, current, reviewer="rekey-worker")
    if os.environ.get("WB_DIE_AT") == "swap":
        real_replace = os.replace

        def replace_then_die(src: str, dst: str) -> None:
            real_replace(src, dst)
            os.kill(os.getpid(), signal.SIGKILL)

        os.replace = replace_then_die  # type: ignore[assignment]
    print("opened", flush=True)
    done = 0
    while True:
        case.change_passphrase(other, kdf=FAST_KDF)
        current, other = other, current
        done += 1
        print(f"changed {done}", flush=True)


if __name__ == "__main__":
    main()
