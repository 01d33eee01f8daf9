"""One exception type per failure kind; each message is one line naming the input and the reason."""

from __future__ import annotations


class NewsprismError(Exception):
    """Base class of every error newsprism raises on purpose."""


class InputError(NewsprismError):
    """An input that cannot be turned into an article. ``str(err)`` is ``origin: reason``."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class UnreadableInput(InputError):
    """Missing, vanished, binary, or undecodable."""


class EmptyInput(InputError):
    """Nothing left to analyse (empty file, empty record, all boilerplate)."""


class TooLargeInput(InputError):
    """Larger than the configured limit for one article."""


class MalformedInput(InputError):
    """Broken structure: invalid JSON, truncated WARC/HTML, a feed that is not XML."""


class StoreError(NewsprismError):
    """The store cannot be opened or written."""


class MissingExtra(NewsprismError):
    """An optional dependency is not installed; the message says what to install."""

    def __init__(self, feature: str, package: str) -> None:
        super().__init__(f"{feature} needs the optional package {package!r}: pip install {package}")
