"""Issue #11 "inert everywhere": which characters typed text may hold (rules.validation
.check_text), and how stored text is shown (textsafe): escaped, never raw, nothing lost."""

from __future__ import annotations

import json

import pytest

from kimai_tui.rules.validation import check_new_texts, check_text
from kimai_tui.textsafe import (cell_width, clip, control_pictures, inert, inert_json, pad,
                                unsafe_characters)
from nasty import HARMLESS, NASTY, RAW_UNSAFE, raw_unsafe

HOSTILE_NAMES = [name for name in NASTY if name not in HARMLESS]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
@pytest.mark.parametrize("multiline", [False, True])
def test_hostile_text_is_refused_in_one_line_naming_the_character(name, multiline):
    text = "ok " + NASTY[name]
    errors = check_text("description", text, multiline=multiline)
    assert list(errors) == ["description"]
    (message,) = errors["description"]
    assert "\n" not in message and not raw_unsafe(message), message
    first = RAW_UNSAFE.search(text).start() + 1
    assert f"at character {first}" in message and "not accepted" in message


@pytest.mark.parametrize("name", HARMLESS)
def test_plain_text_with_markup_wide_and_combining_characters_is_accepted(name):
    assert check_text("name", NASTY[name]) == {}


def test_the_messages_say_which_character():
    assert check_text("alias", "a\x00b")["alias"][0].startswith(
        "alias contains a NUL byte (\\x00) at character 2:")
    assert "ESC (\\x1b)" in check_text("tags", "\x1b[31m")["tags"][0]
    assert "RIGHT-TO-LEFT OVERRIDE (\\u202e)" in check_text("name", "\u202e")["name"][0]
    assert "(and 2 more)" in check_text("name", "\x1b\x1b\x1b")["name"][0]
    assert "an undecodable byte (\\udcff)" in check_text("name", "\udcff")["name"][0]


def test_tabs_and_line_breaks_only_in_multi_line_fields():
    for text in ("two\nlines", "crlf\r\nline", "old mac\rline", "a\ttab"):
        assert check_text("description", text, multiline=True) == {}
        assert check_text("name", text) != {}, text


def test_only_new_values_are_checked():
    stored = {"alias": "legacy \x1b[31m", "email": "a@x"}
    assert check_new_texts({"alias": "legacy \x1b[31m", "email": "b@x"}, stored) == {}
    errors = check_new_texts({"alias": "new \x1b", "staff_number": "7\x00"}, stored,
                             field=lambda key: key.replace("_", "-"))
    assert set(errors) == {"alias", "staff-number"}
    assert errors["staff-number"][0].startswith("staff number contains a NUL byte")


def test_check_new_texts_reads_attributes_of_a_stored_object():
    class Entity:
        comment = "line\x1b"

    assert check_new_texts({"comment": "line\x1b"}, Entity(), multiline=("comment",)) == {}
    assert check_new_texts({"comment": "line\x1bx"}, Entity(), multiline=("comment",))


@pytest.mark.parametrize("name", list(NASTY))
def test_inert_shows_every_unsafe_character_as_an_escape(name):
    for keep_newlines in (False, True):
        shown = inert(NASTY[name], keep_newlines=keep_newlines)
        assert not raw_unsafe(shown), (name, shown)
    if name in HARMLESS:
        assert inert(NASTY[name]) == NASTY[name]  # plain text is shown as it is
    assert inert("a\x1b]0;t\x07") == "a\\x1b]0;t\\x07"
    assert inert("\U000e0041") == "\\U000e0041"


def test_inert_line_breaks_and_tabs():
    assert inert("one\r\ntwo\rthree\nfour\tfive") == "one\\ntwo\\nthree\\nfour five"
    assert inert("one\r\ntwo\rthree\n\tfour", keep_newlines=True) == "one\ntwo\nthree\n\tfour"


def test_inert_json_is_the_same_string_once_parsed():
    text = json.dumps({"d": "".join(NASTY.values()) + "\U000e0041"}, ensure_ascii=False)
    escaped = inert_json(text)
    assert not raw_unsafe(escaped)
    assert json.loads(escaped) == json.loads(text)


def test_control_pictures_keep_the_length():
    text = "a\x1b[2J\x00\u202eb\tc\nd"
    pictured = control_pictures(text)
    assert len(pictured) == len(text) and not raw_unsafe(pictured)
    assert pictured == "a\u241b[2J\u2400\ufffdb\u2409c\u240ad"
    assert control_pictures(text, multiline=True) == "a\u241b[2J\u2400\ufffdb\tc\nd"


def test_unsafe_characters_positions():
    assert unsafe_characters("ab\x1bc\u200b") == [(2, "\x1b"), (4, "\u200b")]
    assert unsafe_characters("a\r\nb", multiline=True) == []


def test_cell_width_clip_and_pad_count_terminal_cells():
    assert cell_width("abc") == 3 and cell_width("日本語") == 6 and cell_width("한국어") == 6
    assert cell_width("e\u0301") == 1 and cell_width("Z\u0351\u0354\u035c") == 1
    assert clip("日本語の説明", 5) == "日本…" and cell_width(clip("日本語の説明", 5)) == 5
    assert clip("e\u0301e\u0301e\u0301", 2) == "e\u0301…"
    assert clip("short", 40) == "short" and clip("x", 0) == ""
    assert pad("日本", 6) == "日本  " and pad("abc", 2) == "abc"
