"""kimai.yaml -> typed, frozen `Settings` (see docs/configuration.md).

- `find_config_path(explicit, environ, cwd)`: which file to read (cli.md, "Global options").
- `load_settings(path)`: read and validate it; every problem is collected and raised together
  as `ConfigErrors`, each a `ConfigError` that prints as `file:line: key: message`.
- `describe_settings(settings)`: the effective settings as YAML, for `config check`.

ruamel.yaml is imported only inside `load_settings`: the command line must start fast.
The schema itself (keys, types, defaults) lives in `kimai_tui.config_schema`.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path

from kimai_tui.redact import redact_url
from kimai_tui.settings import WEEKDAYS, Settings

__all__ = ["ConfigError", "ConfigErrors", "find_config_path", "load_settings",
           "describe_settings", "CONFIG_NAME"]

CONFIG_NAME = "kimai.yaml"
ENV_CONFIG = "KIMAI_TUI_CONFIG"


class ConfigError(Exception):
    """One problem of a config file: where (path, 1-based line or None), which key, what.

    `exit_code`: 1 for a file that says something wrong (cli.md `config check`), 2 for a file
    that may not be used at all (missing, or others may write it: cli.md "Global options")."""

    def __init__(self, path: str | os.PathLike | None, line: int | None, key: str,
                 message: str, exit_code: int = 1) -> None:
        self.path = str(path) if path is not None else "<config>"
        self.line, self.key, self.message = line, key, message
        self.exit_code = exit_code
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"

    @property
    def errors(self) -> list[ConfigError]:
        """Itself as a list, so callers may treat ConfigError and ConfigErrors alike."""
        return [self]


class ConfigErrors(Exception):
    """Every problem of a config file; `str()` is one `file:line: key: message` per line."""

    def __init__(self, errors: list[ConfigError]) -> None:
        self.errors = list(errors)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)

    def __iter__(self):
        return iter(self.errors)

    def __len__(self) -> int:
        return len(self.errors)


# --- which file ----------------------------------------------------------------------------------

SYSTEM_CONFIG = Path("/etc/kimai-tui") / CONFIG_NAME
MAX_CONFIG_BYTES = 1 << 20  # a kimai.yaml is a few KB; anything near this is not one
MAX_CONFIG_NODES = 20_000   # after expanding YAML aliases (an "alias bomb" expands to billions)


def find_config_path(explicit: str | os.PathLike | None, environ: Mapping[str, str],
                     cwd: Path, system: Path = SYSTEM_CONFIG) -> Path | None:
    """--config, else $KIMAI_TUI_CONFIG, else $XDG_CONFIG_HOME/kimai-tui/kimai.yaml (default
    ~/.config), else /etc/kimai-tui/kimai.yaml, else None (built-in defaults). cli.md "Global
    options": never the current directory, so the rules do not change with where a command is
    started (a kimai.yaml planted in a shared directory would redirect another user's records).

    A path named by --config or $KIMAI_TUI_CONFIG must exist. The file found must pass
    `check_trusted`. Raises ConfigError (exit 2) otherwise.
    """
    for given, key in ((explicit, "--config"), (environ.get(ENV_CONFIG), ENV_CONFIG)):
        if given is None or str(given) == "":
            continue
        path = Path(os.path.expanduser(str(given)))
        path = path if path.is_absolute() else Path(cwd) / path
        if not path.exists():
            raise ConfigError(path, None, key, "no such file")
        if path.is_dir():
            raise ConfigError(path, None, key, "is a directory, not a kimai.yaml file")
        check_trusted(path)
        return path
    xdg = environ.get("XDG_CONFIG_HOME", "")
    if not os.path.isabs(xdg):  # the XDG spec: a relative value is ignored
        home = environ.get("HOME") or str(Path.home())
        xdg = os.path.join(home, ".config")
    for path in (Path(xdg) / "kimai-tui" / CONFIG_NAME, Path(system)):
        if path.is_file():
            check_trusted(path)
            return path
    return None


def check_trusted(path: Path, uid: int | None = None) -> None:
    """Refuse a config file that another account could have written (as OpenSSH refuses such
    files): the file and its directory must be owned by root or by this process's real user,
    and writable by no one else. A world-writable directory with the sticky bit (/tmp) is
    accepted, because there no other account can replace or rename a file we own.
    Raises ConfigError naming the file and what is wrong."""
    uid = os.getuid() if uid is None else uid
    real = Path(os.path.realpath(path))
    for target, what in ((real, "file"), (real.parent, "directory")):
        try:
            info = os.stat(target)
        except OSError as exc:
            raise ConfigError(path, None, "", f"cannot read: {exc.strerror or exc}",
                              exit_code=2) from None
        if info.st_uid not in (0, uid):
            raise ConfigError(path, None, "", f"refused: the {what} {target} belongs to another "
                              f"account (uid {info.st_uid}); it must be yours or root's",
                              exit_code=2)
        sticky_dir = what == "directory" and info.st_mode & stat.S_ISVTX
        if info.st_mode & 0o022 and not sticky_dir:
            raise ConfigError(path, None, "", f"refused: others may write the {what} {target} "
                              f"(mode {stat.S_IMODE(info.st_mode):o}); chmod go-w it",
                              exit_code=2)


# --- reading -------------------------------------------------------------------------------------

def load_settings(path: str | os.PathLike | None) -> Settings:
    """The settings of the file at PATH (None: the built-in defaults). Raises ConfigErrors."""
    if path is None:
        return Settings()
    path = Path(path)
    from kimai_tui import settings_cache
    from kimai_tui.config_schema import build_settings, kind_of

    cached = settings_cache.read(path)
    if cached is not None:
        settings, problems = build_settings(cached, source=str(path))
        if not problems:
            return settings
    try:
        info = os.stat(path)
        if info.st_size > MAX_CONFIG_BYTES:
            raise ConfigErrors([ConfigError(path, None, "", f"refused: {info.st_size:,} bytes; "
                                            f"a kimai.yaml may have at most {MAX_CONFIG_BYTES:,}")])
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigErrors([ConfigError(path, None, "", f"not UTF-8 text ({exc.reason})")])
    except OSError as exc:
        raise ConfigErrors([ConfigError(path, None, "", f"cannot read: {exc.strerror or exc}")])

    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="rt")  # round-trip: keeps line numbers (and comments, for writing back)
    yaml.allow_duplicate_keys = False
    try:
        root = yaml.load(text)
    except MarkedYAMLError as exc:
        raise ConfigErrors([_syntax_error(path, exc)]) from None
    except (YAMLError, ValueError, TypeError) as exc:  # unmarked ruamel errors
        raise ConfigErrors([ConfigError(path, None, "", f"invalid YAML: {exc}")]) from None
    nodes = _expanded_size(root, MAX_CONFIG_NODES)
    if nodes > MAX_CONFIG_NODES:
        raise ConfigErrors([ConfigError(path, None, "", f"refused: more than {MAX_CONFIG_NODES:,} "
                                        "values once YAML aliases are expanded (an alias bomb?)")])
    if root is not None and not isinstance(root, dict):
        raise ConfigErrors([ConfigError(path, 1, "", "the top level must be a mapping of "
                                        f"sections (database:, kimai:, ...), got {kind_of(root)}")])
    settings, problems = build_settings(root, source=str(path))
    if problems:  # in file order, as an editor shows them
        problems.sort(key=lambda p: (p[0] is None, p[0] or 0))
        raise ConfigErrors([ConfigError(path, line, key, message)
                            for line, key, message in problems])
    _remember(path, info, root, settings)
    return settings


def _expanded_size(root, limit: int) -> int:
    """How many values ROOT holds with every alias expanded, counted without expanding: a
    shared (aliased) mapping or list is sized once and its size reused. Stops early past LIMIT.
    """
    sizes: dict[int, int] = {}

    def size(node) -> int:
        if not isinstance(node, (dict, list)):
            return 1
        known = sizes.get(id(node))
        if known is not None:
            return known
        sizes[id(node)] = limit + 1  # a node that contains itself (a recursive alias)
        children = node.items() if isinstance(node, dict) else ((None, v) for v in node)
        total = 1
        for key, value in children:
            total += size(value) + (key is not None)
            if total > limit:
                break
        sizes[id(node)] = total
        return total

    return size(root)


def _remember(path: Path, info: os.stat_result, root, settings: Settings) -> None:
    """Cache the file's plain data, if it rebuilds exactly these settings (a YAML value JSON
    cannot hold, such as a date, is not cached rather than cached wrongly)."""
    from kimai_tui import settings_cache
    from kimai_tui.config_schema import build_settings

    try:
        data = settings_cache.plain(root)
    except (TypeError, ValueError):
        return
    if not isinstance(data, dict):  # an empty file: nothing worth caching
        return
    again, problems = build_settings(data, source=settings.source)
    if not problems and again == settings:
        settings_cache.write(path, info, data)


def _syntax_error(path: Path, exc) -> ConfigError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    parts = [exc.context, exc.problem]
    if type(exc).__name__ == "DuplicateKeyError":
        message = " ".join(p for p in parts if p).replace("\n", " ")
        return ConfigError(path, line, "", f"duplicate key: {message}")
    message = "; ".join(p.strip() for p in parts if p) or type(exc).__name__
    return ConfigError(path, line, "", f"YAML syntax error: {message}")


# --- describing ----------------------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_./+-]*")
_KEYWORDS = {"null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"}


def _scalar(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _KEYWORDS:
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def _days(days: frozenset[int]) -> str:
    return "[" + ", ".join(WEEKDAYS[d] for d in sorted(days)) + "]"


def describe_settings(settings: Settings) -> str:
    """The effective settings, defaults included, as YAML that load_settings reads back."""
    k, ts = settings.kimai, settings.kimai.timesheet
    c, u, r = k.defaults.customer, k.defaults.user, ts.rules
    source = settings.source or "built-in defaults (no kimai.yaml found)"
    out = [f"# effective settings of {source}",
           f"database: {_scalar(redact_url(settings.database) if settings.database else None)}"
           + ("   # $XDG_DATA_HOME/kimai-tui/kimai.sqlite" if settings.database is None else ""),
           "security:"]
    ops = settings.security.trusted_operators
    out.append(f"  trusted_operators: [{', '.join(_scalar(o) for o in ops)}]")
    out.append(f"  restricted: {_scalar(settings.security.restricted)}")
    out.append(f"  export_directory: {_scalar(settings.security.export_directory)}")
    out += ["kimai:", "  defaults:", "    customer:",
            f"      currency: {_scalar(c.currency)}", f"      timezone: {_scalar(c.timezone)}",
            f"      color: {_scalar(c.color)}", "    user:",
            f"      timezone: {_scalar(u.timezone)}", f"      hourly_rate: {u.hourly_rate}",
            f"      time_format: {_scalar(u.time_format)}", "  timesheet:",
            f"    mode: {_scalar(ts.mode)}", f"    default_begin: {_scalar(ts.default_begin)}",
            f"    markdown_content: {_scalar(ts.markdown_content)}", "    active_entries:",
            f"      soft_limit: {ts.active_entries.soft_limit}",
            f"      hard_limit: {ts.active_entries.hard_limit}",
            "    rounding:" + ("" if ts.rounding else " {}   # no rounding")]
    for rule in ts.rounding:
        out += [f"      {_scalar(rule.name)}:", f"        days: {_days(rule.days)}",
                f"        begin: {rule.begin}", f"        end: {rule.end}",
                f"        duration: {rule.duration}", f"        mode: {_scalar(rule.mode)}"]
    out.append("    rates:" + ("" if ts.rates else " {}"))
    for rate in ts.rates:
        out += [f"      {_scalar(rate.name)}:", f"        days: {_days(rate.days)}",
                f"        factor: {rate.factor}"]
    out.append("    rules:")
    for name in r.__dataclass_fields__:
        out.append(f"      {name}: {_scalar(getattr(r, name))}")
    inv = k.invoice
    out += ["  invoice:", f"    number_format: {_scalar(inv.number_format)}",
            f"    documents: [{', '.join(_scalar(d) for d in inv.documents)}]",
            f"    pdf_font: {_scalar(inv.pdf_font)}"]
    roles = k.permissions.roles
    out += ["  permissions:", "    roles:" + ("" if roles else " {}")]
    out += [f"      {role}: [{', '.join(_scalar(e) for e in entries)}]" for role, entries in roles]
    out.append("custom_fields:")
    for kind in settings.custom_fields.__dataclass_fields__:
        fields = settings.custom_fields.for_kind(kind)
        out.append(f"  {kind}:" + ("" if fields else " {}"))
        for f in fields:
            out.append(f"    {f.name}: {{type: {_scalar(f.type)}, label: {_scalar(f.label)}}}")
    rv = settings.review
    out += ["review:", f"  working_days: {_days(rv.working_days)}",
            f"  workday_end: {_scalar(rv.workday_end)}",
            f'  long_record: "{rv.long_record // 3600}:{rv.long_record % 3600 // 60:02d}"',
            f'  target: "{rv.target // 3600}:{rv.target % 3600 // 60:02d}"']
    keymap = settings.tui.keymap
    out += ["tui:", f"  theme: {_scalar(settings.tui.theme)}",
            "  keymap:" + ("" if keymap else " {}")]
    out += [f"    {_scalar(binding)}: {_scalar(keys)}" for binding, keys in keymap]
    out.append(f"  refresh_seconds: {_scalar(settings.tui.refresh_seconds)}")
    return "\n".join(out) + "\n"
