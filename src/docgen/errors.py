"""The one error type users see: input docgen cannot use (exit status 2)."""


class InputError(Exception):
    """Input that cannot be used at all. The message is a Chinese paragraph naming
    the file, the place and the fix; the CLI prints it and exits with status 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_reason(exc: OSError) -> str:
    """Why a file could not be read, for a Chinese message."""
    if isinstance(exc, PermissionError):
        return "没有读取权限"
    return exc.strerror or type(exc).__name__


def write_reason(exc: OSError) -> str:
    """Why a file could not be written, for a Chinese message."""
    import errno

    reasons = {
        errno.EACCES: "没有写入权限",
        errno.EPERM: "没有写入权限",
        errno.EROFS: "位于只读的磁盘上",
        errno.ENOSPC: "磁盘已满",
        errno.EEXIST: "路径中有同名的文件挡住了文件夹",
        errno.ENOTDIR: "路径中有一段是文件而不是文件夹",
        errno.ENAMETOOLONG: "路径太长",
        errno.EISDIR: "是一个文件夹",
    }
    return reasons.get(exc.errno, exc.strerror or type(exc).__name__)
