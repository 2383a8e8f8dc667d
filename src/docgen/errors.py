"""The one error type users see: input docgen cannot use (exit status 2)."""


class InputError(Exception):
    """Input that cannot be used at all. The message is a Chinese paragraph naming
    the file, the place and the fix; the CLI prints it and exits with status 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
