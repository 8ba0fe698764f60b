"""Codes and addresses checked against the standards, by libraries that keep them current.

* Currency: ISO 4217 alphabetic codes from `pycountry` (its ISO 4217 table, kept with the
  Debian iso-codes project), so "XYZ" is refused and a new code arrives with an upgrade.
  Kimai takes a customer's currency from Symfony's list of ISO 4217 codes.
* E-mail: the syntax of RFC 5321/5322 addresses (internationalised ones too) from
  `email-validator`, without a DNS lookup (checking that the domain receives mail would need
  the network and may legitimately fail offline), and accepting intranet domains without a
  dot ("ana@helpdesk"), which on-premise mail servers use. Kimai checks e-mails with Symfony's
  Email constraint.

Each function returns None for a good value, or the one-line message saying what is accepted.
Below the rules and services, like textsafe. kimai.yaml's `defaults.customer.currency` is
checked for its shape only when loaded (importing pycountry costs every command ~30 ms); the
customer created with it is checked here.
"""

from __future__ import annotations


def currency_problem(code: str) -> str | None:
    """None when `code` is an ISO 4217 alphabetic code in capitals ("EUR", "PHP")."""
    import pycountry

    if len(code) == 3 and code.isascii() and code.isupper() and \
            pycountry.currencies.get(alpha_3=code) is not None:
        return None
    return f'"{code}" is not an ISO 4217 currency code (such as EUR, USD, PHP)'


def email_problem(address: str) -> str | None:
    """None when `address` is a syntactically valid e-mail address ("ana@example.com")."""
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(address, check_deliverability=False, globally_deliverable=False)
    except EmailNotValidError as exc:
        return f'"{address}" is not an e-mail address ({exc})'
    return None
