"""Restricted sessions: the shared server's forced command (cli.md "Restricted sessions").

An admin forces `kimai-tui --as alice` for alice's key in the service account's
authorized_keys. sshd then runs that command whatever the client asked for, and puts the
client's words in SSH_ORIGINAL_COMMAND. Like gitolite, we honour those words only as one of
kimai-tui's own commands: split with shell-like quoting, never given to a shell, and never
allowed to choose the config, the database or the identity.
"""

from __future__ import annotations

from collections.abc import Mapping

from kimai_tui.rules.errors import PermissionDenied, UsageError

# Options a client may never give: they would choose the rules, the data or the identity.
FORBIDDEN_OPTIONS = ("--config", "--database", "--as")
# Commands that make no sense or reveal the server's set-up in a restricted session.
FORBIDDEN_COMMANDS = {"config": "the server's configuration is the admin's",
                      "init": "the schema is the admin's", "demo": "sample data is the admin's",
                     "import": "importing reads sources and files only the admin names"}
PROGRAM_NAMES = ("kimai-tui",)


def is_restricted(security_restricted: bool, as_user: str | None,
                  environ: Mapping[str, str]) -> bool:
    """A restricted session: `security.restricted: true`, or `--as` (which only trusted
    operators pass) in a process started by sshd (SSH_CONNECTION is set)."""
    return security_restricted or (as_user is not None and bool(environ.get("SSH_CONNECTION")))


def client_words(original_command: str) -> list[str]:
    """The client's command as kimai-tui arguments.

    Split like a shell would split it, but nothing is expanded or run. A leading `kimai-tui`
    is dropped (people type `ssh kimai@host kimai-tui status`). Raises UsageError (exit 2) for
    unbalanced quotes or a word that is not one of our commands, PermissionDenied (exit 3) for
    --config, --database, --as and their abbreviations (`check_command` refuses the
    admin-only commands)."""
    import shlex  # only for a forced command's words: not on every command's path

    from kimai_tui.cli.parser import COMMANDS

    try:
        words = shlex.split(original_command, comments=False, posix=True)
    except ValueError as exc:
        raise UsageError(f"cannot split the command: {exc}", "command") from None
    if words and words[0] in PROGRAM_NAMES:
        words = words[1:]
    for word in words:
        name = word.split("=", 1)[0]
        if name.startswith("--") and len(name) > 2 and any(
                option.startswith(name) for option in FORBIDDEN_OPTIONS):
            raise PermissionDenied(f"{name} is not allowed in a restricted session", "command")
    first = next((w for w in words if w != "--json"), None)
    if first is not None and first not in ("-h", "--help") and first not in COMMANDS:
        raise UsageError(
            f"{first!r} is not a kimai-tui command; this account runs only kimai-tui "
            f"(for example: status, start, stop, list, export)", "command")
    return words


def check_command(command: str | None) -> None:
    """Refuse the admin-only commands in a restricted session, also when forced."""
    if command in FORBIDDEN_COMMANDS:
        raise PermissionDenied(f"{command} is not available in a restricted session: "
                               f"{FORBIDDEN_COMMANDS[command]}", "command")
