from hypothesis import given
from hypothesis import strategies as st

from kimai_tui.rules.search import FieldTerm, SearchQuery, escape_like, parse_search


def test_example_from_the_spec():
    q = parse_search("location:homeoffice hello world")
    assert q.terms == ("hello", "world")
    assert q.fields == (FieldTerm("location", "contains", "homeoffice", False),)
    assert q.excluded == ()


def test_operators():
    q = parse_search('a: b:"" c:~ d:* e:!x f:"~" g:0')
    assert [(f.name, f.op, f.value, f.negate) for f in q.fields] == [
        ("a", "empty", "", False), ("b", "empty", "", False), ("c", "missing", "", False),
        ("d", "any", "", False), ("e", "contains", "x", True), ("f", "contains", "~", False),
        ("g", "contains", "0", False),
    ]


def test_colon_in_value_is_kept():
    q = parse_search("url:https://x:8080")
    assert q.fields == (FieldTerm("url", "contains", "https://x:8080", False),)


def test_exclusions_and_quotes():
    q = parse_search('!spam "two words" note:"a b" !"no way"')
    assert q.terms == ("two words",)
    assert q.excluded == ("spam", "no way")
    assert q.fields == (FieldTerm("note", "contains", "a b", False),)


def test_not_a_field_name():
    q = parse_search("1x:y :z 12:30 my.field-1:ok")
    assert q.terms == ("1x:y", ":z", "12:30")
    assert q.fields == (FieldTerm("my.field-1", "contains", "ok", False),)


def test_empty():
    assert parse_search("   ") == SearchQuery()
    assert parse_search("").empty
    assert parse_search('"" !').terms == ()


def test_escape_like():
    assert escape_like(r"50%_a\b") == r"50\%\_a\\b"


@given(st.text())
def test_parse_never_raises(text):
    q = parse_search(text)
    assert all(term for term in q.terms)


@given(st.text(alphabet='ab:!~*" \t\\%_', max_size=40))
def test_parse_never_raises_on_syntax_soup(text):
    parse_search(text)
