"""One error type for the whole pipeline: it names the file, the page and the stage."""

from __future__ import annotations


class ExtractError(Exception):
    """A failure while processing one file, with where it happened."""

    def __init__(self, path: str, stage: str, message: str, page: int | None = None):
        self.path = str(path)
        self.stage = stage
        self.page = page
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"page {self.page}: " if self.page is not None else ""
        return f"{self.path}: {where}{self.stage}: {self.message}"
