"""Line numbers of the values in a JSON text, by JSON path, so that every error can name its line.

`json` gives no positions, so this is a small scanner over text that json.loads has already accepted.
"""

from __future__ import annotations

import re
from json.decoder import scanstring

from samordna.onboarding.reading import join

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null")


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: dict[str, int] = {}
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def line_at(self, index: int) -> int:
        low, high = 0, len(self.newlines)
        while low < high:
            mid = (low + high) // 2
            if self.newlines[mid] < index:
                low = mid + 1
            else:
                high = mid
        return low + 1

    def skip(self, index: int) -> int:
        match = _WHITESPACE.match(self.text, index)
        return match.end() if match else index

    def value(self, index: int, path: str) -> int:
        index = self.skip(index)
        self.lines.setdefault(path, self.line_at(index))
        char = self.text[index]
        if char == "{":
            return self.container(index + 1, path, "}", keyed=True)
        if char == "[":
            return self.container(index + 1, path, "]", keyed=False)
        if char == '"':
            return scanstring(self.text, index + 1)[1]
        match = _SCALAR.match(self.text, index)
        if not match:
            raise ValueError(index)
        return match.end()

    def container(self, index: int, path: str, close: str, *, keyed: bool) -> int:
        position = 0
        index = self.skip(index)
        if self.text[index] == close:
            return index + 1
        while True:
            index = self.skip(index)
            if keyed:
                key, index = scanstring(self.text, index + 1)
                index = self.skip(index) + 1  # the colon
                index = self.value(index, join(path, key))
            else:
                index = self.value(index, join(path, position))
                position += 1
            index = self.skip(index)
            if self.text[index] == close:
                return index + 1
            index += 1  # the comma


def value_lines(text: str) -> dict[str, int]:
    """{JSON path: line number} for every value in `text` (valid JSON); empty if it cannot be scanned."""
    scanner = _Scanner(text)
    try:
        scanner.value(0, "")
    except (ValueError, IndexError):
        return {}
    return scanner.lines
