"""THE writer of every CSV file the build makes: no cell is ever a live spreadsheet formula.

Excel and LibreOffice evaluate a cell that starts with `=`, `+`, `-` or `@` (and, after a tab or a
carriage return, whatever follows), so guide text such as `=HYPERLINK("https://…")` would become a
link or a calculation. Such a cell gets a leading apostrophe, which both show as text and hide. The
browser's CSV (`csv()` in docs/assets/javascripts/workspace.js) applies the same rule.
"""

from __future__ import annotations

import csv
import io
from typing import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> str:
    """A cell as text: prefixed with ' when a spreadsheet would evaluate it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """A CSV file from rows of cells: UTF-8 with a byte-order mark (so that Excel reads UTF-8), CRLF
    line ends, quoted where needed, every cell through spreadsheet_cell()."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([spreadsheet_cell(cell) for cell in row])
    return "\ufeff" + out.getvalue()
