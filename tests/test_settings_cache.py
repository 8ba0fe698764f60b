"""The parsed-config cache: it may skip parsing kimai.yaml, never change what is read."""

from __future__ import annotations

import json
import os
import time
from types import SimpleNamespace

import pytest

from kimai_tui import config, settings_cache


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.setattr(settings_cache, "CACHE_SETTLE_SECONDS", 0.0)
    return home / "kimai-tui" / "config"


def write(tmp_path, text: str):
    path = tmp_path / "kimai.yaml"
    path.write_text(text, encoding="utf-8")
    return path


CONFIG = """
kimai:
  defaults:
    customer: {currency: CZK, timezone: Europe/Prague}
  timesheet:
    mode: duration_only
    active_entries: {soft_limit: 2, hard_limit: 3}
security:
  trusted_operators: [ops]
custom_fields:
  timesheet:
    location: {type: text, label: Where}
"""


def entries(directory):
    return sorted(directory.glob("*.json")) if directory.exists() else []


def test_second_read_comes_from_the_cache_and_equals_the_parsed_settings(tmp_path, cache_home,
                                                                        monkeypatch):
    path = write(tmp_path, CONFIG)
    first = config.load_settings(path)
    assert len(entries(cache_home)) == 1
    # Were the YAML parsed again, this would fail.
    import ruamel.yaml
    monkeypatch.setattr(ruamel.yaml, "YAML", None)
    second = config.load_settings(path)
    assert second == first
    assert second.kimai.defaults.customer.currency == "CZK"
    assert second.security.trusted_operators == ("ops",)
    assert second.source == str(path)


def test_an_edited_file_is_read_again(tmp_path, cache_home):
    path = write(tmp_path, CONFIG)
    config.load_settings(path)
    path.write_text(CONFIG.replace("CZK", "EUR"), encoding="utf-8")
    assert config.load_settings(path).kimai.defaults.customer.currency == "EUR"


def test_a_file_written_just_now_is_not_cached(tmp_path, cache_home, monkeypatch):
    """Coarse file-system clocks: two writes in one tick may share every time stamp."""
    monkeypatch.setattr(settings_cache, "CACHE_SETTLE_SECONDS", 3600.0)
    config.load_settings(write(tmp_path, CONFIG))
    assert entries(cache_home) == []


def test_settled_needs_both_times_old():
    now = time.time()
    old_mtime_new_ctime = SimpleNamespace(st_mtime_ns=int((now - 100) * 1e9),
                                          st_ctime_ns=int(now * 1e9))
    assert not settings_cache.settled(old_mtime_new_ctime, now=now)
    assert settings_cache.settled(old_mtime_new_ctime, now=now + 10)


def test_an_invalid_file_is_never_cached_and_reports_lines_each_time(tmp_path, cache_home):
    path = write(tmp_path, "kimai:\n  timesheet:\n    mode: sometimes\n")
    for _ in range(2):
        with pytest.raises(config.ConfigErrors) as caught:
            config.load_settings(path)
        assert ":3: kimai.timesheet.mode:" in str(caught.value)
    assert entries(cache_home) == []


def test_a_corrupt_cache_entry_falls_back_to_the_file(tmp_path, cache_home):
    path = write(tmp_path, CONFIG)
    expected = config.load_settings(path)
    (entry,) = entries(cache_home)
    entry.write_text("{not json", encoding="utf-8")
    assert config.load_settings(path) == expected


def test_a_cache_entry_others_may_write_is_ignored(tmp_path, cache_home):
    """Settings name trusted operators: a cache anyone could edit must not be believed."""
    path = write(tmp_path, CONFIG)
    config.load_settings(path)
    (entry,) = entries(cache_home)
    forged = json.loads(entry.read_text(encoding="utf-8"))
    forged["data"]["security"]["trusted_operators"] = ["mallory"]
    entry.write_text(json.dumps(forged), encoding="utf-8")
    os.chmod(entry, 0o666)
    assert config.load_settings(path).security.trusted_operators == ("ops",)


def test_an_entry_for_another_file_state_is_not_used(tmp_path, cache_home):
    path = write(tmp_path, CONFIG)
    config.load_settings(path)
    (entry,) = entries(cache_home)
    stale = json.loads(entry.read_text(encoding="utf-8"))
    stale["key"][2] += 1  # the size of another version of the file
    stale["data"]["kimai"]["defaults"]["customer"]["currency"] = "USD"
    entry.write_text(json.dumps(stale), encoding="utf-8")
    assert config.load_settings(path).kimai.defaults.customer.currency == "CZK"


def test_cache_files_are_private(tmp_path, cache_home):
    config.load_settings(write(tmp_path, CONFIG))
    (entry,) = entries(cache_home)
    assert entry.stat().st_mode & 0o777 == 0o600
    assert cache_home.stat().st_mode & 0o777 == 0o700


def test_an_unwritable_cache_home_still_reads_the_file(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.setattr(settings_cache, "CACHE_SETTLE_SECONDS", 0.0)
    path = write(tmp_path, CONFIG)
    assert config.load_settings(path).kimai.timesheet.mode == "duration_only"
    assert config.load_settings(path).kimai.timesheet.mode == "duration_only"


def test_a_value_json_cannot_hold_is_not_cached(tmp_path, cache_home):
    """A YAML date in an unknown-but-tolerated place must not come back as something else."""
    path = write(tmp_path, CONFIG + "tui:\n  theme: textual-dark\n")
    config.load_settings(path)
    assert len(entries(cache_home)) == 1
    assert settings_cache.plain({"a": [1, "x", None, True, 1.5]}) == {"a": [1, "x", None, True, 1.5]}
    import datetime
    with pytest.raises(TypeError):
        settings_cache.plain({"when": datetime.date(2026, 1, 1)})
