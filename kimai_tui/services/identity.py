"""Who is acting: the OS login (by real uid, never $USER), `--as`, and first-use bootstrap."""

from __future__ import annotations

import os
import pwd
from typing import Callable

from kimai_tui import domain
from kimai_tui.data import users as users_repo
from kimai_tui.data.db import write_transaction
from kimai_tui.rules.errors import PermissionDenied
from kimai_tui.services.context import Clock, Context, system_clock
from kimai_tui.settings import Settings


def os_login_name() -> str:
    """The login name of the process's real user id; $USER and $LOGNAME are not trusted."""
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return f"uid{os.getuid()}"


class NoSuchUser(PermissionDenied):
    """The OS account maps to no Kimai user."""


def bootstrap(database, settings: Settings, admin_name: str) -> domain.User | None:
    """On an empty database, create the first ROLE_SUPER_ADMIN. Returns it, or None.
    Serialised (SQLite's write lock, PostgreSQL's table lock): two first starts at once make
    one admin, not two."""
    with write_transaction(database, lock_users=True):
        if users_repo.count() > 0:
            return None
        defaults = settings.kimai.defaults.user
        user_id = users_repo.create({
            "username": admin_name, "roles": "ROLE_SUPER_ADMIN",
            "timezone": defaults.timezone, "time_format": defaults.time_format,
        })
    return users_repo.get(user_id)


def config_may_grant_trust(settings: Settings, database_path: str | None) -> bool:
    """Whether `security.trusted_operators` of this config file may be believed.

    Anyone can write a kimai.yaml naming themselves; it only counts when the file is owned by
    root or by this process's user and is writable by nobody else, and, for SQLite, when this
    process's user also owns the database file (a shared, group-writable database is not
    theirs to hand out identities in).
    """
    if settings.source is None:
        return False
    uid = os.getuid()
    try:
        info = os.stat(settings.source)
    except OSError:
        return False
    if info.st_uid not in (0, uid) or info.st_mode & 0o022:
        return False
    if database_path is not None:
        try:
            return os.stat(database_path).st_uid == uid
        except OSError:
            return False
    return True


def is_trusted_operator(settings: Settings, login: str, database=None,
                        database_path: str | None = None) -> bool:
    """May the OS account LOGIN use `--as` (cli.md "Identity")?

    PostgreSQL: only when the connection's database role is an operator
    (`data.db.is_database_operator`); neither kimai.yaml nor a Kimai role can grant it, since
    anyone who may connect can write a config or pick an OS login name on their own machine.
    SQLite: a ROLE_SUPER_ADMIN Kimai user of that login, or `security.trusted_operators` of a
    config file that `config_may_grant_trust` believes."""
    from kimai_tui.data.db import is_database_operator, is_sqlite

    if database is not None and not is_sqlite(database):
        return is_database_operator(database)
    if login in settings.security.trusted_operators and config_may_grant_trust(
            settings, database_path):
        return True
    user = users_repo.by_username(login)
    return user is not None and user.enabled and "ROLE_SUPER_ADMIN" in user.roles


def acting_context(database, settings: Settings, as_username: str | None = None,
                   clock: Clock = system_clock,
                   login_name: Callable[[], str] = os_login_name,
                   restricted: bool = False) -> Context:
    """The Context for this process: the OS login's Kimai user, or `--as` for operators.

    RESTRICTED marks a restricted session (cli.md), which the services and faces honour.
    Raises PermissionDenied (exit 3) for `--as` by a non-operator, NoSuchUser for an account
    with no enabled Kimai user."""
    login = login_name()
    if users_repo.count() == 0:
        bootstrap(database, settings, login)
    if as_username is not None and as_username != login:
        if not is_trusted_operator(settings, login, database, _sqlite_file(database)):
            raise PermissionDenied(_not_operator(login, database), "as")
        name = as_username
    else:
        name = login
    user = users_repo.by_username(name)
    if user is None or not user.enabled:
        raise NoSuchUser(
            f"{name!r} is not a Kimai user here (or is disabled); an admin can add it with: "
            f"kimai-tui user add {name}", "user")
    return Context(settings, database, user, clock, restricted=restricted)



def _not_operator(login: str, database) -> str:
    from kimai_tui.data.db import OPERATOR_ROLE, is_sqlite

    if is_sqlite(database):
        return (f"--as is only for trusted operators; {login!r} is not one "
                "(security.trusted_operators in kimai.yaml, or a ROLE_SUPER_ADMIN user)")
    return (f"--as is only for operators of this PostgreSQL database; this database role is "
            f"not one (an admin grants it with: GRANT {OPERATOR_ROLE} TO <role>)")


def _sqlite_file(database) -> str | None:
    from kimai_tui.data.db import is_sqlite

    return database.database if is_sqlite(database) else None
