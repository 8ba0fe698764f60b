"""Secrets never printed: passwords in database URLs are masked before any text is shown or
logged (issue "the shared server is safe", finding 8).

The lowest floor: no project imports, so the config loader, the data layer and the error log
can all use it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

MASK = "***"

# scheme://user:password@host — the password is everything between the first ':' after the
# user and the last '@' before the host (a password may itself hold '@' or ':').
_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^\s:/@]*:)(?P<secret>[^\s/]*)@")
# libpq keyword strings and environment dumps: password=..., PGPASSWORD=...
_KEYWORD_PASSWORD = re.compile(r"(?i)(?P<head>\b(?:pg)?password\s*[=:]\s*)(?P<secret>'[^']*'|\S+)")


def redact_url(url: str) -> str:
    """URL with its password (if any) replaced by ***; other URLs are returned unchanged."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return redact(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return parts._replace(netloc=f"{user}:{MASK}@{host}").geturl()


def redact(text: str) -> str:
    """TEXT with every URL password and `password=...` value replaced by ***."""
    text = _URL_PASSWORD.sub(lambda m: m.group("head") + MASK + "@", text)
    return _KEYWORD_PASSWORD.sub(lambda m: m.group("head") + MASK, text)
