"""Fork server for the hostile-file tests (not a test module).

Usage: python -m tests.stress.hostile_worker CASE LIMIT_MB TIMEOUT_S < files
(passphrase in $WB_PASSPHRASE). Each stdin line is "KIND<TAB>PATH". Every file is imported
in its own forked child under an address-space limit (RLIMIT_AS) and killed after the
timeout; one JSON line per file: status, reason, the line the user sees, seconds, the
child's exit (or signal) and its peak resident memory.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import time
from pathlib import Path

from workbench.case import Case
from workbench.importers.batch import import_one
from workbench.importers.results import ImportOptions


def _child(case_path: Path, kind: str, path: Path, limit: int, out: int) -> None:
    """Never returns: whatever happens, the child reports (if it can) and exits here."""
    code = 0
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        try:
            with Case.open(case_path, os.environ["WB_PASSPHRASE"], reviewer="hostile") as case:
                result = import_one(case, kind, path, ImportOptions())
            report = {"status": result.status, "reason": result.reason,
                      "line": result.line()}
        except BaseException as exc:
            report = {"status": "crash", "reason": f"{type(exc).__name__}: {exc}"[:300]}
        os.write(out, json.dumps(report).encode())
    except BaseException:
        code = 70
    finally:
        os._exit(code)


def main() -> int:
    case_path, limit_mb, timeout = Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    limit = limit_mb * 1024 * 1024
    for line in sys.stdin:
        kind, _, name = line.rstrip("\n").partition("\t")
        path = Path(name)
        read, write = os.pipe()
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            _child(case_path, kind, path, limit, write)
        os.close(write)
        status, usage, hung = 0, None, False
        while True:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() - started > timeout:
                os.kill(pid, signal.SIGKILL)
                _, status, usage = os.wait4(pid, 0)
                hung = True
                break
            time.sleep(0.005)
        with os.fdopen(read, "rb") as pipe:
            raw = pipe.read()
        report = json.loads(raw) if raw else {
            "status": "crash", "reason": f"no report (exit status {status})"}
        if hung:
            report = {"status": "hang", "reason": f"still running after {timeout} s"}
        elif os.WIFSIGNALED(status):
            report = {"status": "crash", "reason": f"signal {os.WTERMSIG(status)}"}
        report.update(file=str(path), kind=kind, seconds=round(time.monotonic() - started, 2),
                      peak_mb=round(usage.ru_maxrss / 1024) if usage else None)
        print(json.dumps(report, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
