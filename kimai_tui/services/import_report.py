"""What an import did (or, in a dry run, would do): counts per kind, everything that could not
be mapped with its source id and why, notes, and the settings for the admin to review."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from kimai_tui.data.import_store import Outcome

# kind, records done so far, records in all (0 when unknown)
Progress = Callable[[str, int, int], None]

KINDS = ("user", "customer", "project", "activity", "tag", "team", "rate", "timesheet")


@dataclass
class Unmapped:
    """One thing of the source that was not brought over (or not as it was)."""

    kind: str
    source_id: str
    reason: str


@dataclass
class ImportReport:
    """One run's report. `counts`: kind -> Outcome; `unmapped`: what was not brought over
    (or not as it was), with the source id; `mapping`: files only; `seconds`: wall time."""
    source: str
    dry_run: bool
    counts: dict[str, Outcome] = field(default_factory=dict)
    unmapped: list[Unmapped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    config_snippet: str = ""
    field_declarations: str = ""
    seconds: float = 0.0
    mapping: list[tuple[str, str]] = field(default_factory=list)  # files: (column, taken as)

    def outcome(self, kind: str) -> Outcome:
        """The counts of KIND (created on first use)."""
        return self.counts.setdefault(kind, Outcome())

    def skip(self, kind: str, source_id, reason: str) -> None:
        """List one thing that could not be mapped as it was."""
        self.unmapped.append(Unmapped(kind, str(source_id), reason))

    @property
    def written(self) -> int:
        """Rows created or changed (0 after a re-run of an unchanged source)."""
        return sum(o.new + o.changed for o in self.counts.values())

    def as_dict(self) -> dict:
        """JSON shape (cli.md `import`)."""
        return {"source": self.source, "dry_run": self.dry_run,
                "counts": {k: self.counts[k].as_dict() for k in KINDS + tuple(
                    k for k in self.counts if k not in KINDS) if k in self.counts},
                "unmapped": [{"kind": u.kind, "id": u.source_id, "reason": u.reason}
                             for u in self.unmapped],
                "notes": list(self.notes), "kimai_yaml": self.config_snippet,
                "custom_fields": self.field_declarations, "seconds": round(self.seconds, 2),
                "mapping": [{"column": c, "taken_as": t} for c, t in self.mapping]}
