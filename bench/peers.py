"""The peers, Watson and Timewarrior, with the same kind of data and the same commands, as
whole processes (bench/README.md says how to install them; a missing one is skipped)."""

from __future__ import annotations

import json
import shutil
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from common import OUT, env, timed_run

WATSON = OUT / "watson-venv" / "bin" / "watson"

PEER_PROJECTS = ["koruna-sla", "koruna-non-sla", "kaesim-sla", "kaesim-non-sla"]
PEER_TAGS = ["setup", "support", "onsite", "remote", "vpn"]


def peer_intervals(count: int):
    """One person's records, newest first, walking back from yesterday: workdays 07:00-19:00,
    back-to-back 10-30 minute records (a busy help desk), about 36 a day."""
    import random
    rng = random.Random(7)
    day = date.today() - timedelta(days=1)
    made = 0
    while made < count:
        if day.weekday() < 5:
            start = datetime(day.year, day.month, day.day, 7, 0, tzinfo=timezone.utc)
            end_of_day = start + timedelta(hours=12)
            while start < end_of_day and made < count:
                stop = start + timedelta(minutes=rng.choice((10, 15, 20, 25, 30)))
                yield (int(start.timestamp()), int(stop.timestamp()), rng.choice(PEER_PROJECTS),
                       rng.sample(PEER_TAGS, rng.choice((1, 1, 2))))
                made += 1
                start = stop
        day -= timedelta(days=1)


def build_watson(count: int) -> Path:
    home = OUT / f"watson-{count}"
    if (home / "frames").exists():
        (home / "state").write_text("{}")
        return home
    import uuid
    home.mkdir(parents=True, exist_ok=True)
    frames = [[b, e, p, uuid.UUID(int=i + 1).hex, tags, e] for i, (b, e, p, tags)
              in enumerate(peer_intervals(count))]
    frames.sort(key=lambda f: f[0])
    (home / "frames").write_text(json.dumps(frames))
    (home / "state").write_text("{}")
    (home / "config").write_text("[options]\nstop_on_start = true\n")
    return home


def build_timew(count: int) -> Path:
    home = OUT / f"timew-{count}"
    data = home / "data"
    if data.exists() and any(data.glob("*.data")):
        return home
    data.mkdir(parents=True, exist_ok=True)
    (home / "timewarrior.cfg").write_text("verbose = off\nconfirmation = off\n")
    by_month: dict[str, list[str]] = {}
    tag_counts: dict[str, int] = {}
    for begin, end, project, tags in sorted(peer_intervals(count)):
        b = datetime.fromtimestamp(begin, timezone.utc)
        e = datetime.fromtimestamp(end, timezone.utc)
        words = [project] + tags
        for word in words:
            tag_counts[word] = tag_counts.get(word, 0) + 1
        by_month.setdefault(f"{b:%Y-%m}", []).append(
            f"inc {b:%Y%m%dT%H%M%SZ} - {e:%Y%m%dT%H%M%SZ} # {' '.join(words)}")
    for month, lines in by_month.items():
        (data / f"{month}.data").write_text("\n".join(lines) + "\n")
    (data / "tags.data").write_text(json.dumps({t: {"count": n} for t, n in tag_counts.items()}))
    return home


def peers_bench(count: int, repeat: int) -> dict:
    """start, stop and last month's summary of each peer over COUNT records, `repeat` times."""
    month = (date.today().replace(day=1) - timedelta(days=1)).replace(day=1)
    month_end = (month + timedelta(days=32)).replace(day=1)
    out: dict = {"records": count, "month": f"{month:%Y-%m}"}
    if WATSON.exists():
        e = env() | {"WATSON_DIR": str(build_watson(count))}
        w: dict = {"start": {"runs": []}, "stop": {"runs": []}}
        for _ in range(repeat):
            w["start"]["runs"] += timed_run([WATSON, "start", "kaesim-sla", "+setup"], 1, e)["runs"]
            w["stop"]["runs"] += timed_run([WATSON, "stop"], 1, e)["runs"]
        w["month summary"] = timed_run([WATSON, "report", "--from", month.isoformat(), "--to",
                                        (month_end - timedelta(days=1)).isoformat()], repeat, e)
        out["watson"] = w
    else:
        out["watson"] = {"skipped": "python3 -m venv bench/out/watson-venv && "
                                    "bench/out/watson-venv/bin/pip install td-watson"}
    timew = shutil.which("timew")
    if timew:
        e = env() | {"TIMEWARRIORDB": str(build_timew(count))}
        t: dict = {"start": {"runs": []}, "stop": {"runs": []}}
        for _ in range(repeat):
            t["start"]["runs"] += timed_run([timew, "start", "kaesim-sla", "setup"], 1, e)["runs"]
            time.sleep(1.1)  # Timewarrior refuses an interval that ends in its start second
            t["stop"]["runs"] += timed_run([timew, "stop"], 1, e)["runs"]
            time.sleep(1.1)
        t["month summary"] = timed_run([timew, "summary", month.isoformat(), "-",
                                        month_end.isoformat()], repeat, e)
        out["timewarrior"] = t
    else:
        out["timewarrior"] = {"skipped": "apt-get install -y timewarrior"}
    return out
