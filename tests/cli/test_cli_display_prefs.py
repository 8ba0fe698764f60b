"""Issue 14 item 7: times on the user's 12/24-hour clock in CLI tables, durations as decimal
hours on request, and every user may change their own time zone, time format and decimal
preference (only those)."""

from __future__ import annotations

ADD = ("add", "--project", "Web", "--activity", "Dev")


def test_a_user_sets_their_own_preferences_and_tables_follow_them(seeded):
    seeded.ok("user", "add", "alice")
    rid = seeded.ok("--as", "alice", *ADD, "--begin", "2025-03-03 13:30", "--duration", "2:37",
                    "--json")["id"]
    before = seeded.ok("--as", "alice", "list").out
    assert "13:30" in before and "2:37" in before
    seeded.ok("--as", "alice", "user", "edit", "alice", "--time-format", "12h",
              "--decimal-hours", "yes", "--timezone", "Europe/Vienna")
    after = seeded.ok("--as", "alice", "list").out
    row = [line for line in after.splitlines() if line.startswith(str(rid))][0]
    assert "2:30 PM" in row and "5:07 PM" in row and "2.62" in row  # Vienna is UTC+1
    # `show` gives the record's own zone (UTC, where it was made), on her clock.
    shown = seeded.ok("--as", "alice", "show", str(rid)).out
    assert "begin: 2025-03-03 1:30:00 PM" in shown and "duration: 2.62" in shown
    # JSON keeps ISO 8601.
    assert seeded.ok("--as", "alice", "show", str(rid), "--json")["begin"] == (
        "2025-03-03T13:30:00+00:00")
    # The 12-hour clock is read back too (in her zone, Vienna).
    edited = seeded.ok("--as", "alice", "edit", str(rid), "--end", "2025-03-03 5:00 PM",
                       "--json")
    assert edited["end"] == "2025-03-03T16:00:00+00:00"


def test_only_preferences_are_self_service(seeded):
    seeded.ok("user", "add", "alice")
    seeded.ok("user", "add", "bob")
    seeded.fails(3, "--as", "alice", "user", "edit", "alice", "--role", "ROLE_ADMIN")
    seeded.fails(3, "--as", "alice", "user", "edit", "alice", "--alias", "Boss")
    seeded.fails((2, 3), "--as", "alice", "user", "edit", "bob", "--time-format", "12h")
    assert seeded.ok("user", "show", "bob", "--json")["time_format"] == "24h"
