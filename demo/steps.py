"""What the demo loader tells the person waiting for `make run`: one French line per step."""

from collections.abc import Callable

Progress = Callable[[str], None]


def silent(_line: str) -> None:
    """The default: tests and other callers load the demo without a word."""


def thousands(count: int) -> str:
    """``1 800``: the French thousands separator (a narrow no-break space)."""
    return f"{count:,}".replace(",", "\u202f")
