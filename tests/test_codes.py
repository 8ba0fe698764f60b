"""Issue #15 item 10: currency codes and e-mail addresses checked by well-kept libraries."""

import pytest

from kimai_tui import codes
from kimai_tui.rules import validation


@pytest.mark.parametrize("code", ["EUR", "USD", "PHP", "CHF", "JPY"])
def test_iso_4217_codes_pass(code):
    assert codes.currency_problem(code) is None


@pytest.mark.parametrize("code", ["XYZ", "EU", "EURO", "eur", "ÄBC", ""])
def test_other_currency_codes_are_refused_saying_what_is_accepted(code):
    assert "ISO 4217" in codes.currency_problem(code)


@pytest.mark.parametrize("address", ["ana@example.com", "a.b+tag@sub.example.org",
                                     "ana@helpdesk", "jürgen@bücher.example"])
def test_email_addresses_pass(address):
    assert codes.email_problem(address) is None


@pytest.mark.parametrize("address", ["not-an-email", "ana@", "@example.com",
                                     "ana@@example.com", "ana example@x.org"])
def test_other_emails_are_refused(address):
    assert "is not an e-mail address" in codes.email_problem(address)


def test_new_texts_check_email_and_currency_only_when_new():
    assert validation.check_new_texts({"email": "not-an-email", "currency": "XYZ"}) == {
        "email": ['"not-an-email" is not an e-mail address (An email address must have an '
                  '@-sign.)'],
        "currency": ['"XYZ" is not an ISO 4217 currency code (such as EUR, USD, PHP)']}
    stored = {"email": "old-bad", "currency": "XYZ"}
    assert validation.check_new_texts(stored, stored) == {}  # saved before: not checked again
    assert validation.check_new_texts({"email": ""}) == {}  # no e-mail is fine
