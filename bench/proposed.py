"""Product fixes proposed by the benchmark, applied in-process so a run can show their effect
(`run.py --proposed` runs the TUI probe a second time with `apply()` called first). Nothing
here edits product files.

Empty now: the two fixes it held (meta.values_for without ORDER BY name, and `+ 0` on the
user column for a team's listing) are in the product (data/meta.py, data/timesheets.where).
Add the next proposal to `apply()`, with a comment that says what it changes and why.
"""

from __future__ import annotations


def apply() -> None:
    """Patch the product in this process (nothing proposed at the moment)."""
