"""An export run in a child process of ours, as the window runs it.

Why a process: ReportLab builds a heap of millions of small objects, and CPython's garbage
collector walks it with every thread of the process stopped. In the window's process a
single full collection during a 500-event export stopped the event loop for 248 ms, and the
renderer's long C calls held the interpreter for up to 90 ms more; in a child neither can
touch the window. The child opens the case itself with the key handed over a pipe
(``Case.handover``); nothing is written anywhere but what the export itself writes.

The protocol, over two pipes (``multiprocessing.connection`` framing, pickled values):

- parent -> child: the request, then ``"go"`` after each stage the child reports, or
  ``"cancel"`` at any time;
- child -> parent: ``("stage", name)`` (it waits for the answer, so a stage is reported
  before any work of the next is done), then ``("done", ExportResult)``,
  ``("failed", CaseError)`` or ``("bug", description)`` (frames only, no message).

The child exits when the parent's pipe closes (the window quit or crashed). Cancel is
asked between stages and between photos, as in-process; a child that has not stopped a
second after Cancel (a long render) is killed, so a lock never leaves the key in a child.
Once the child reports the last stage (``WRITING``: it writes the file, then the
custody and audit entries) it is never cancelled nor killed: a file on disk whose export
the case does not record, or a partly written temporary, must not be left behind; it is
answered and the export finishes. Should the window die before that stage, the child
stops at it (its answer never comes) and writes nothing.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
import weakref
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.errors import Cancelled, CaseError, describe_bug
from workbench.publication import WRITING

if TYPE_CHECKING:  # the window imports this module at start-up; the case layer loads later
    from workbench.case import Case

POLL_SECONDS = 0.05
GRACE_SECONDS = 1.0  # after Cancel, how long a busy child may take to stop before a kill


class ExportProcessFailed(CaseError):
    """The export's process stopped without an answer (killed, out of memory)."""


class ExportProcess:
    """A child process ready for one export. Started ahead (when the export dialog opens),
    it has loaded the renderer by the time the reviewer presses Export; ``close`` (or the
    end of a ``with``) ends it if it was never used."""

    def __init__(self) -> None:
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        try:
            self._child = subprocess.Popen(
                [sys.executable, "-m", __name__, str(to_child_r), str(from_child_w)],
                pass_fds=(to_child_r, from_child_w), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, close_fds=True)
        except BaseException:
            for fd in (to_child_w, from_child_r):
                os.close(fd)
            raise
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self._outbox = Connection(to_child_w, readable=False)
        self._inbox = Connection(from_child_r, writable=False)
        # Ended even if never run nor closed (a queued export dropped by a lock, say).
        self._finalizer = weakref.finalize(self, _end, self._child, self._outbox,
                                           self._inbox)

    def run(self, case: Case, profile: str, fmt: str, out: Path | str, *,
            lang: str = "en", password: str | None = None,
            progress: Callable[[str], None] | None = None,
            cancelled: Callable[[], bool] | None = None) -> Any:
        """``workbench.publication.export.export`` with the same arguments and result, in
        the child; once only."""
        try:
            path, key, salt, reviewer = case.handover()
            request = {"case": (str(path), key, salt, reviewer), "profile": profile,
                       "fmt": fmt, "out": str(out), "lang": lang, "password": password}
            try:
                self._outbox.send(request)
            except BrokenPipeError:
                raise self._ended() from None
            return _relay(self._child, self._inbox, self._outbox,
                          progress or (lambda _s: None), cancelled or (lambda: False))
        finally:
            self.close()

    @property
    def pid(self) -> int:
        return self._child.pid

    def close(self) -> None:
        self._finalizer()

    def _ended(self) -> ExportProcessFailed:
        return _ended(self._child)

    def __enter__(self) -> ExportProcess:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def export_in_child(case: Case, profile: str, fmt: str, out: Path | str, **options: Any
                    ) -> Any:
    """One export in a child process started for it (see ``ExportProcess.run``)."""
    with ExportProcess() as process:
        return process.run(case, profile, fmt, out, **options)


def _end(child: subprocess.Popen[bytes], outbox: Connection, inbox: Connection) -> None:
    outbox.close()
    inbox.close()
    if child.poll() is None:
        child.kill()
    child.wait()


def _ended(child: subprocess.Popen[bytes]) -> ExportProcessFailed:
    child.wait()
    return ExportProcessFailed(f"the export stopped unexpectedly (its process ended with "
                               f"code {child.returncode}); nothing was written")


def _relay(child: subprocess.Popen[bytes], inbox: Connection, outbox: Connection,
           progress: Callable[[str], None], cancelled: Callable[[], bool]) -> Any:
    cancel_sent: float | None = None
    writing = False  # the last stage reported: finish, whatever Cancel says

    def gone() -> CaseError:
        if cancel_sent is not None:
            return Cancelled("export cancelled; nothing was written")
        return _ended(child)

    def tell(message: str) -> None:
        nonlocal cancel_sent
        try:
            outbox.send(message)
        except BrokenPipeError:
            raise gone() from None
        if message == "cancel" and cancel_sent is None:
            cancel_sent = time.monotonic()

    while True:
        if cancel_sent is None and not writing and cancelled():
            tell("cancel")
        if cancel_sent is not None and time.monotonic() - cancel_sent > GRACE_SECONDS:
            child.kill()
            raise Cancelled("export cancelled; nothing was written")
        if not inbox.poll(POLL_SECONDS):
            continue
        try:
            kind, value = inbox.recv()
        except EOFError:
            raise gone() from None
        if kind == "stage":
            progress(value)
            if value == WRITING and cancel_sent is None:
                writing = True
            tell("go" if writing or not cancelled() else "cancel")
        elif kind == "done":
            return value
        elif kind == "failed":
            raise value
        else:  # "bug": the child logged its frames on its standard error (ours)
            raise RuntimeError(f"the export's process failed with a bug: {value}")


# -- the child ---------------------------------------------------------------------------

def _serve(inbox: Connection, outbox: Connection) -> None:
    # The renderer loads before the request comes: the process is started ahead of time.
    from workbench.case import Case
    from workbench.publication.export import export

    request = inbox.recv()
    stop = False

    def cancelled() -> bool:
        nonlocal stop
        while not stop and inbox.poll():
            stop = inbox.recv() == "cancel"
        return stop

    def stage(name: str) -> None:
        nonlocal stop
        outbox.send(("stage", name))
        stop = stop or inbox.recv() == "cancel"

    try:
        path, key, salt, reviewer = request["case"]
        with Case.attach(Path(path), key, salt, reviewer) as case:
            result = export(case, request["profile"], request["fmt"], request["out"],
                            lang=request["lang"], password=request["password"],
                            progress=stage, cancelled=cancelled)
        outbox.send(("done", result))
    except CaseError as exc:
        outbox.send(("failed", _sendable(exc)))
    except Exception as exc:  # a bug: its frames on stderr, never its message
        description = describe_bug(exc)
        print(f"internal error in the export process (a bug):\n{description}",
              file=sys.stderr)
        outbox.send(("bug", description.splitlines()[-1]))


def _sendable(exc: CaseError) -> CaseError:
    """The error itself if it survives pickling with its message, else a plain CaseError
    with the same one line."""
    try:
        copy = pickle.loads(pickle.dumps(exc))  # noqa: S301 (our own bytes, just made)
    except Exception:
        return CaseError(str(exc))
    return copy if str(copy) == str(exc) else CaseError(str(exc))


def main(argv: list[str]) -> int:
    inbox = Connection(int(argv[0]), writable=False)
    outbox = Connection(int(argv[1]), readable=False)
    try:
        _serve(inbox, outbox)
    except (EOFError, BrokenPipeError):
        return 1  # the window went away: nothing to answer
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
