"""What surrounds every real `docgen` run, so that its exit status tells the truth
whatever stdout is and whatever stops it.

- stdout and stderr speak UTF-8 when the locale's encoding cannot write Chinese
  (LC_ALL=C, PYTHONIOENCODING=latin-1), and a failed write to stdout is told apart
  from every other OSError (`StdoutFailed`), so that it can be named;
- a closed pipe (`docgen audit | head -1`) keeps the status the run had earned
  (`earn`), with nothing more printed;
- SIGTERM and SIGHUP unwind like Ctrl-C (`errors.Terminated`): the worker pool's
  `finally` stops the workers; they also die by themselves with the process
  (workers/lifeline.py).
"""

from __future__ import annotations

import errno
import io
import os
import signal
import sys
import traceback

import click

from .errors import InputError, Terminated, shown_path, write_reason

_earned = 0  # the status the run has earned so far: what a closed pipe leaves it with


def earn(status: int) -> None:
    """Record the status the run will end with, before its report is printed."""
    global _earned
    _earned = status


def earned() -> int:
    return _earned


class StdoutFailed(Exception):
    """A write to stdout failed for another reason than a reader that left."""

    def __init__(self, exc: OSError) -> None:
        super().__init__(exc)
        self.exc = exc


class _Guarded(io.RawIOBase):
    """fd 1 (or 2), with a failed write raised as StdoutFailed; a closed pipe stays a
    BrokenPipeError. The descriptor is not closed with it."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def isatty(self) -> bool:
        return os.isatty(self.fd)

    def write(self, data) -> int:
        try:
            return os.write(self.fd, data)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise StdoutFailed(exc) from None


def _speaks_chinese(encoding: str | None) -> bool:
    try:
        "中文标准输出".encode(encoding or "ascii")
    except (LookupError, UnicodeEncodeError):
        return False
    return True


def _rewrap(stream, fd: int):
    """The stream again, over a _Guarded descriptor, in UTF-8 if its own encoding
    cannot write Chinese (then an unencodable character is shown as \\uXXXX)."""
    stream.flush()
    encoding, errors = stream.encoding, stream.errors
    if not _speaks_chinese(encoding):
        encoding, errors = "utf-8", "backslashreplace"
    buffered = io.BufferedWriter(_Guarded(fd))
    return io.TextIOWrapper(
        buffered, encoding=encoding, errors=errors, line_buffering=stream.line_buffering
    )


def utf8_mode() -> None:
    """Under LC_ALL=C with PYTHONUTF8=0, Python encodes file names as ASCII, so the
    project's Chinese file names cannot even be named (os.fsencode fails). Run the
    same command again, in the same process, in Python's UTF-8 mode."""
    if sys.getfilesystemencoding().lower().replace("-", "") == "utf8":
        return
    if not sys.executable or os.environ.get(_AGAIN):
        return  # once only, whatever -X options the user gave
    try:
        os.execve(
            sys.executable,
            [sys.executable, "-X", "utf8", *sys.orig_argv[1:]],
            {**os.environ, _AGAIN: "1"},
        )
    except OSError:
        pass  # run on as we are: the streams still speak UTF-8 (setup)


_AGAIN = "DOCGEN_UTF8_AGAIN"


def setup() -> None:
    """Before a real run (not one under click's test runner): streams and signals."""
    if _is_fd(sys.stdout, 1):
        sys.stdout = _rewrap(sys.stdout, 1)
    if _is_fd(sys.stderr, 2) and not _speaks_chinese(sys.stderr.encoding):
        sys.stderr.reconfigure(encoding="utf-8", errors="backslashreplace")
    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None:
            signal.signal(signum, _terminate)


def _is_fd(stream, fd: int) -> bool:
    try:
        return stream is not None and stream.fileno() == fd
    except (AttributeError, OSError, ValueError):
        return False


def _terminate(signum, _frame) -> None:
    # ignore a second signal while unwinding from the first
    signal.signal(signum, signal.SIG_IGN)
    raise Terminated(signum)


def stopped_status(signum: int) -> int:
    return 128 + signum


def silence_stdout() -> None:
    """The reader has left: whatever is still buffered goes nowhere, quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass


def stdout_message(exc: OSError) -> str:
    reason = "磁盘已满" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else write_reason(exc)
    return (
        f"错误：无法写入标准输出（{reason}），报告没有完整输出。"
        "请把输出重定向到有空间、可写入的位置，或用 -o 把报告写到文件后重新运行。"
    )


def os_error_message(exc: OSError) -> str:
    from .errors import access_fix

    where = shown_path(exc.filename) if exc.filename is not None else "某个文件"
    return (
        f"错误：无法访问 {where}（{write_reason(exc)}）。{access_fix(exc)}，然后重新运行。"
        "输入文件未被改动。"
    )


def finish(status: int) -> int:
    """Flush stdout at the end of a run: the final status, told on stderr when the
    last write failed."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
    except StdoutFailed as failed:
        silence_stdout()
        _say(stdout_message(failed.exc))
        return 2
    return status


def _say(line: str) -> None:
    try:
        print(line, file=sys.stderr, flush=True)
    except (OSError, StdoutFailed, ValueError):
        pass


class Docgen(click.Group):
    """Turns every failure into a one-paragraph message and its exit status."""

    def main(self, args=None, **kwargs):
        if args is not None:  # click's test runner, or a caller with its own streams
            return super().main(args, **kwargs)
        utf8_mode()
        setup()
        try:
            super().main(**kwargs)
            status = 0
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        except (KeyboardInterrupt, Terminated) as exc:  # before a command started
            status = _stopped(exc)
        sys.exit(finish(status))

    def invoke(self, ctx: click.Context):
        def debug() -> bool:  # set by the group's callback, once it has run
            return bool(ctx.obj and ctx.obj.get("debug"))

        try:
            return super().invoke(ctx)
        except InputError as exc:
            click.echo(f"错误：{exc.message}", err=True)
            if debug():
                traceback.print_exc()
            sys.exit(2)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except BrokenPipeError:  # `docgen audit | head -1`: the reader left, nothing to say
            silence_stdout()
            sys.exit(earned())
        except StdoutFailed as failed:  # `docgen audit > /dev/full`
            silence_stdout()
            _say(stdout_message(failed.exc))
            sys.exit(2)
        except (KeyboardInterrupt, Terminated) as exc:
            sys.exit(_stopped(exc))
        except OSError as exc:  # a path we could not use, e.g. a non-writable out/
            if debug():
                traceback.print_exc()
            _say(os_error_message(exc))
            sys.exit(2)
        except Exception as exc:  # noqa: BLE001 — a bug of ours: say so plainly
            if debug():
                traceback.print_exc()
            click.echo(
                f"错误：docgen 处理时发生意外错误（{type(exc).__name__}: {str(exc)[:200]}）。"
                "输入文件未被改动。请加 --debug 重新运行，并把输出发给维护人员。",
                err=True,
            )
            sys.exit(2)


def _stopped(exc: BaseException) -> int:
    """Ctrl-C (130) or SIGTERM/SIGHUP (128 + its number), said in one line."""
    if isinstance(exc, Terminated):
        _say("已终止：docgen 收到结束信号，已停止全部子进程；输入文件未被改动。")
        return stopped_status(exc.signum)
    _say("已中断：docgen 已停止全部子进程；输入文件未被改动。")
    return 130
