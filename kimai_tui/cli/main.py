"""`kimai-tui`: the command line, and the TUI when no command is given.

The command line parses, calls the services, prints. It never decides a rule and never
imports Textual (headless commands must start fast).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from kimai_tui.rules.errors import KimaiError


class Session:
    """Settings, database and acting user, opened lazily for the command that needs them."""

    def __init__(self, args, environ=None):
        self.args = args
        self.environ = os.environ if environ is None else environ
        self._settings = None
        self.database = None
        self.url = None

    @property
    def restricted(self) -> bool:
        """A restricted session (cli.md): see `restricted.is_restricted`."""
        from kimai_tui.cli.restricted import is_restricted

        return is_restricted(self.settings.security.restricted, self.args.as_user,
                             self.environ)

    @property
    def settings(self):
        if self._settings is None:
            from kimai_tui import config

            path = config.find_config_path(self.args.config, self.environ, Path.cwd())
            self._settings = config.load_settings(path)
        return self._settings

    def open_database(self):
        if self.database is None:
            from kimai_tui.services import database as db

            self.url = self.args.database or self.settings.database or db.default_url()
            self.database = db.connect(self.url)
        return self.database

    def skip_unused_drivers(self) -> None:
        """Peewee imports every database driver it knows when installed (psycopg2 ~30 ms);
        an SQLite session needs none, so those imports are made to fail fast, before peewee
        is loaded."""
        url = self.args.database or self.settings.database or ""
        if "peewee" in sys.modules:
            return
        unused = ("psycopg2cffi", "psycopg", "MySQLdb")  # drivers we never use
        if getattr(self.args, "command", None) != "import":
            unused += ("pymysql",)  # only `import kimai` reads MySQL (a Kimai database)
        if not url.startswith("postgres"):
            unused += ("psycopg2",)
        for driver in unused:
            sys.modules.setdefault(driver, None)

    def context(self):
        from kimai_tui.services import identity

        database = self.open_database()
        return identity.acting_context(database, self.settings, self.args.as_user,
                                       restricted=self.restricted)


# command -> "module:function"; only the module of the command that runs is imported, so a
# `status` does not pay for the catalogue, people and setup commands.
_HANDLERS = {
    "status": "record_reads:status", "start": "timesheet_cmds:start",
    "stop": "timesheet_cmds:stop", "interrupt": "timesheet_cmds:interrupt",
    "return": "timesheet_cmds:return_", "pause": "timesheet_cmds:pause",
    "resume": "timesheet_cmds:resume", "restart": "timesheet_cmds:restart",
    "add": "timesheet_cmds:add", "edit": "timesheet_cmds:edit",
    "delete": "timesheet_cmds:delete", "show": "record_reads:show",
    "list": "record_reads:listing", "export": "record_reads:export",
    "report": "report_cmd:report", "invoice": "invoice_cmds:run",
    "review": "review_cmd:review", "week": "week_cmd:week",
    "favorite": "favorite_cmd:favorite",
    "customer": "catalogue_cmds:run", "project": "catalogue_cmds:run",
    "activity": "catalogue_cmds:run", "rate": "catalogue_cmds:rate",
    "tag": "catalogue_cmds:tag", "user": "people_cmds:user", "team": "people_cmds:team",
    "demo": "setup_cmds:demo", "init": "setup_cmds:init", "config": "setup_cmds:config_check",
    "whoami": "setup_cmds:whoami", "import": "import_cmds:run",
}


def _handler(command: str):
    import importlib

    module_name, function = _HANDLERS[command].split(":")
    return getattr(importlib.import_module(f"kimai_tui.cli.{module_name}"), function)


# True once run() has chosen a command (not the TUI): main() may then end the process without
# the interpreter's teardown.
_command_ran = False

# Options whose values may be relative times such as -20m; argparse would take those for
# options, so `--at -20m` is rewritten to `--at=-20m` before parsing.
_TIME_OPTIONS = {"--at", "--begin", "--end", "--from", "--to"}


def _join_relative_times(argv: list[str]) -> list[str]:
    out: list[str] = []
    index = 0
    while index < len(argv):
        word = argv[index]
        following = argv[index + 1] if index + 1 < len(argv) else None
        if word in _TIME_OPTIONS and following is not None and following.startswith("-") \
                and following[1:2].isdigit():
            out.append(f"{word}={following}")
            index += 2
            continue
        out.append(word)
        index += 1
    return out


def run(argv: list[str], environ=None) -> int:
    """Run one command line (ARGV without the program name); returns the exit status
    (cli.md "Exit status and errors")."""
    global _command_ran
    from kimai_tui.cli.parser import build_parser, command_of

    environ = os.environ if environ is None else environ
    session = None
    try:
        _check_encoding(argv)
        argv = _join_relative_times(argv)
        args = build_parser(command_of(argv)).parse_args(argv)
        session = Session(args, environ)
        if session.restricted:
            session = _restricted_session(session, argv, environ)
        if session.args.command is None:
            session.skip_unused_drivers()
            return _open_tui(session)
        if session.args.command != "config":
            session.skip_unused_drivers()
        _command_ran = True
        return _handler(session.args.command)(session) or 0
    except KimaiError as exc:
        for field, message in exc.lines():
            _print_error(field, message)
        return exc.exit_code
    except SystemExit as exc:  # --help and --version print, then argparse exits
        return exc.code if isinstance(exc.code, int) else 0
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except _config_errors() as exc:  # (evaluated only here: it imports the config module)
        for problem in getattr(exc, "errors", [exc]):
            _print_error(None, str(problem))
        return getattr(exc, "exit_code", 1)
    except Exception as exc:  # the environment failed, or a bug: one line either way
        from kimai_tui import errorlog
        from kimai_tui.services.failures import classify

        failure = classify(exc)
        if failure is not None:
            _print_error(failure.field, failure.message)
            return failure.exit_code
        _print_error("internal",
                           errorlog.one_line(exc, errorlog.record(exc, "cli", environ)))
        return errorlog.EXIT_INTERNAL
    finally:
        if session is not None and session.database is not None:
            session.database.close()


def _print_error(field: str | None, message: str) -> None:
    """One error line (cli.md). The printing module is imported only when there is an error
    to print: `--version`, `--help` and the commands that print little need none of it."""
    from kimai_tui.cli import output

    output.print_error(field, message)


def _check_encoding(argv: list[str]) -> None:
    """Arguments that are not valid UTF-8 reach Python as lone surrogates, which no database
    and no terminal accepts: refuse them at the door (exit 2)."""
    from kimai_tui.rules.errors import UsageError

    for position, word in enumerate(argv, 1):
        try:
            word.encode("utf-8")
        except UnicodeEncodeError:
            raise UsageError(f"argument {position} is not valid UTF-8 text", "arguments"
                             ) from None


def _restricted_session(session: Session, argv: list[str], environ) -> Session:
    """The session a restricted forced command runs: the admin's ARGV, plus the client's
    SSH_ORIGINAL_COMMAND when the admin's gives no command of its own."""
    from kimai_tui.cli import restricted
    from kimai_tui.cli.parser import build_parser, command_of

    original = environ.get("SSH_ORIGINAL_COMMAND", "").strip()
    if session.args.command is None and original:
        argv = argv + restricted.client_words(original)
        args = build_parser(command_of(argv)).parse_args(argv)
        again = Session(args, environ)
        again._settings = session.settings
        session = again
    restricted.check_command(session.args.command)
    return session


def _config_errors():
    from kimai_tui.config import ConfigError, ConfigErrors

    return (ConfigError, ConfigErrors)


def _open_tui(session: Session) -> int:
    """The TUI, when there is a terminal to draw on. Without one (`ssh -T`, a pipe, cron)
    Textual's input loop would spin on end-of-file forever: refuse with exit 2 instead."""
    if not (_isatty(sys.stdin) and _isatty(sys.stdout)):
        from kimai_tui.rules.errors import UsageError

        raise UsageError("the terminal UI needs a terminal (over SSH: ssh -t); without one, "
                         "give a command such as status, list or export", "terminal")
    context = session.context()
    from kimai_tui.app import run_app

    return run_app(context) or 0


def _isatty(stream) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):  # closed
        return False


def main() -> None:
    code = run(sys.argv[1:])
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError, OSError):
            pass
    if _command_ran:
        # A command has done all it does: the database is closed (run's finally), every file
        # it wrote is closed and renamed, it started no thread that is still running, and
        # both streams are flushed. Tearing the interpreter down (freeing ~170 modules'
        # objects) would add ~15 ms to every call (issue 18), so the process ends here. Not
        # after the TUI: its worker threads end with the normal exit.
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    main()
