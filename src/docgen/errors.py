"""The one error type users see: input docgen cannot use (exit status 2)."""

import errno


class InputError(Exception):
    """Input that cannot be used at all. The message is a Chinese paragraph naming
    the file, the place and the fix; the CLI prints it and exits with status 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Terminated(BaseException):
    """SIGTERM (or SIGHUP) reached the main process: unwind like Ctrl-C, so that the
    workers are stopped and partial outputs cleaned up on the way out. A BaseException,
    so that no `except Exception` on the way swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def read_reason(exc: OSError) -> str:
    """Why a file could not be read, for a Chinese message."""
    if isinstance(exc, PermissionError):
        return "没有读取权限"
    reasons = {
        errno.ENAMETOOLONG: "路径太长",
        errno.ENOENT: "不存在",
        errno.ENOTDIR: "路径中有一段是文件而不是文件夹",
        errno.ELOOP: "路径中的符号链接绕成了圈",
        errno.EIO: "磁盘读取出错",
    }
    return reasons.get(exc.errno, exc.strerror or type(exc).__name__)


# An OSError on writing, by errno: why (None: the system's words) and what to do about it
# (None: the general advice), for the end of a Chinese message.
_ON_WRITE: dict[int, tuple[str | None, str | None]] = {
    errno.EACCES: ("没有写入权限", "请给当前用户该位置的读写权限，或用 -o 写到其他文件夹"),
    errno.EPERM: ("没有写入权限", "请给当前用户该位置的读写权限，或用 -o 写到其他文件夹"),
    errno.EROFS: ("位于只读的磁盘上", "请用 -o 写到可写的磁盘"),
    errno.ENOSPC: ("磁盘已满", "请清理磁盘空间，或用 -o 写到其他磁盘"),
    errno.EDQUOT: (None, "请清理磁盘空间，或用 -o 写到其他磁盘"),
    errno.EEXIST: (
        "路径中有同名的文件挡住了文件夹",
        "请把挡路的同名文件改名移开，或用 -o 写到其他文件夹",
    ),
    errno.ENOTDIR: (
        "路径中有一段是文件而不是文件夹",
        "请把挡路的同名文件改名移开，或用 -o 写到其他文件夹",
    ),
    errno.ENAMETOOLONG: ("路径太长", "请把项目移到较短的路径下，或改用较短的文件名"),
    errno.EISDIR: ("是一个文件夹", None),
}


def write_reason(exc: OSError) -> str:
    """Why a file could not be written, for a Chinese message."""
    reason, _ = _ON_WRITE.get(exc.errno or 0, (None, None))
    return reason or exc.strerror or type(exc).__name__


def access_fix(exc: OSError) -> str:
    """What to do about an OSError on a path, for the end of a Chinese message."""
    _, fix = _ON_WRITE.get(exc.errno or 0, (None, None))
    return fix or "请检查该路径是否存在、是否可以访问"


def shown_path(path: object, limit: int = 240) -> str:
    """A path for a message: one over `limit` characters shown by its two ends."""
    text = str(path)
    if len(text) <= limit:
        return text
    return f"{text[: limit // 2]}…{text[-limit // 4 :]}（共 {len(text.encode())} 字节）"
