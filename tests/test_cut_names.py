"""Issue #15 item 8: names cut to a column's width stay different when the names differ."""

from hypothesis import given
from hypothesis import strategies as st

from kimai_tui.widgets.cut_names import distinct_cuts, plain_cut


def test_names_that_share_a_long_start_are_cut_where_they_differ():
    cuts = distinct_cuts(["Kaesim SLA User Setup", "Kaesim SLA User Support",
                          "Koruna Assist"], 10)
    assert cuts["Kaesim SLA User Setup"] != cuts["Kaesim SLA User Support"]
    assert cuts["Kaesim SLA User Setup"].endswith("Setup")
    assert cuts["Koruna Assist"] == "Koruna As…"  # alone with its start: a plain cut
    assert all(len(shown) <= 10 for shown in cuts.values())


def test_a_name_that_fits_is_never_changed():
    assert distinct_cuts(["Laptop", "Laptop Setup"], 12) == {
        "Laptop": "Laptop", "Laptop Setup": "Laptop Setup"}
    assert plain_cut("Laptop Setup", 7) == "Laptop…"


@given(st.lists(st.text(alphabet="ab ", min_size=1, max_size=14), min_size=2, max_size=6,
                unique=True), st.integers(min_value=6, max_value=12))
def test_different_names_get_different_forms_when_the_width_allows(names, width):
    cuts = distinct_cuts(names, width)
    assert all(len(shown) <= width for shown in cuts.values())
    assert len(set(cuts.values())) == len(names)
