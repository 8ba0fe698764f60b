"""Issue #6 item 5: identity, --as, trusted operators, role sweep, database file mode.

The second-OS-account tests create `ktuser2` (useradd -m) when run as root, and are skipped
otherwise. They run the CLI as that uid with runuser.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from kt_rel_support import REPO, figures

USER2 = "ktuser2"
# Tests that add or change OS accounts share one pytest-xdist worker (useradd locks
# /etc/passwd; the shared-server suites do the same).
pytestmark = pytest.mark.xdist_group("os-accounts")


@pytest.fixture(scope="module")
def user2():
    if os.geteuid() != 0:
        pytest.skip("needs root to create a second OS account (useradd)")
    if not shutil.which("useradd") or not shutil.which("runuser"):
        pytest.skip("useradd/runuser not available")
    created = False
    try:
        pwd.getpwnam(USER2)
    except KeyError:
        subprocess.run(["useradd", "-m", USER2], check=True, capture_output=True)
        created = True
    pw = pwd.getpwnam(USER2)
    runner = _find_runner(pw)
    if runner is None:
        pytest.skip(f"no Python with kimai_tui's dependencies that {USER2} may execute")
    yield pw, runner
    if created:
        subprocess.run(["userdel", "-r", USER2], capture_output=True)


def _find_runner(pw):
    """(python, PYTHONPATH) that the second account can run: this interpreter, or (when it
    lives under a private home such as /root/.pyenv) the system python of the same version
    with this environment's site-packages."""
    import site
    import sysconfig

    runuser = shutil.which("runuser")
    candidates = [(sys.executable, str(REPO))]
    system = f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}"
    if os.path.exists(system):
        candidates.append((system, os.pathsep.join([str(REPO), sysconfig.get_paths()["purelib"],
                                                    *site.getsitepackages()])))
    if os.path.exists(system):
        # The checkout may sit in a private directory (a CI clone under a 0700 temp dir):
        # give the second account its own readable copy of the code and its dependencies.
        copy = Path(tempfile.mkdtemp(prefix="kt-ident-code-"))
        atexit.register(shutil.rmtree, copy, True)
        os.chmod(copy, 0o755)
        shutil.copytree(REPO / "kimai_tui", copy / "kimai_tui")
        purelib = Path(sysconfig.get_paths()["purelib"])
        shutil.copytree(purelib, copy / "site", ignore=shutil.ignore_patterns(
            "textual*", "pip*", "hypothesis*", "pytest*", "_pytest*", "setuptools*",
            "rich*", "pygments*", "__editable__*"), symlinks=True)
        for folder in [copy, *copy.rglob("*")]:
            folder.chmod(0o755 if folder.is_dir() else 0o644)
        candidates.append((system, os.pathsep.join([str(copy), str(copy / "site")])))
    for python, path in candidates:
        proc = subprocess.run([runuser, "-u", USER2, "--", python, "-c",
                               "import kimai_tui.cli.main, peewee, dateutil, ruamel.yaml"],
                              env={"PATH": "/usr/bin:/bin", "PYTHONPATH": path},
                              cwd="/", capture_output=True, timeout=60)
        if proc.returncode == 0:
            return runuser, python, path
    return None


def _as_user2(user, args, cwd, env_extra=None):
    pw, (runuser, python, path) = user
    env = {"PATH": "/usr/bin:/bin", "HOME": pw.pw_dir, "PYTHONPATH": path,
           "NO_COLOR": "1", "XDG_CONFIG_HOME": str(Path(cwd, "xdg")),
           "XDG_DATA_HOME": str(Path(cwd, "xdg")), **(env_extra or {})}
    return subprocess.run([runuser, "-u", USER2, "--", python, "-m",
                           "kimai_tui.cli.main", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


def _root_cli(base, *args):
    from kimai_tui.cli.main import run

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(base + list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def shared(user2):
    """A directory both accounts can use; a database made by root (its super admin), holding
    Kimai users ktuser2 (ROLE_USER) and alice, world-writable so ktuser2 CAN write it."""
    d = Path(tempfile.mkdtemp(prefix="kt-ident-"))
    os.chmod(d, 0o1777)  # sticky, as /tmp: a config there is trusted only for its owner
    db_file = d / "shared.sqlite"
    url = "sqlite:///" + str(db_file)
    root_config = d / "root.yaml"
    root_config.write_text("kimai: {}\n")
    base = ["--config", str(root_config), "--database", url]
    for step in (["init"], ["user", "add", USER2], ["user", "add", "alice"],
                 ["customer", "add", "Acme"], ["project", "add", "Web", "--customer", "Acme"],
                 ["activity", "add", "Dev", "--project", "Web"],
                 ["--as", "alice", "add", "--project", "Web", "--activity", "Dev",
                  "--begin", "2026-11-02 08:00", "--duration", "1:00", "--description",
                  "alice secret"]):
        code, out, err = _root_cli(base, *step)
        assert code == 0, (step, err)
    for f in d.iterdir():
        if f.name.startswith("shared.sqlite"):
            os.chmod(f, 0o666)
    yield d, url
    shutil.rmtree(d, ignore_errors=True)


def test_plain_user_cannot_use_as(user2, shared):
    d, url = shared
    config = d / "user2.yaml"
    config.write_text("kimai: {}\n")
    os.chown(config, user2[0].pw_uid, user2[0].pw_gid)
    before = (d / "shared.sqlite").read_bytes()
    proc = _as_user2(user2, ["--config", str(config), "--database", url, "--as", "alice",
                             "list"], d)
    assert proc.returncode == 3, proc
    assert proc.stderr.startswith("error: ") and "alice secret" not in proc.stdout
    # Without --as it acts as itself and sees nothing of alice.
    proc = _as_user2(user2, ["--config", str(config), "--database", url, "--json", "list"], d)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []
    figures("identity", as_without_trust="exit 3")


def test_env_user_is_not_trusted(user2, shared):
    d, url = shared
    config = d / "user2.yaml"
    config.write_text("kimai: {}\n")
    proc = _as_user2(user2, ["--config", str(config), "--database", url, "--json", "whoami"],
                     d, {"USER": "alice", "LOGNAME": "alice", "USERNAME": "alice"})
    assert proc.returncode == 0, proc.stderr
    assert USER2 in proc.stdout and '"alice"' not in proc.stdout


def test_own_config_naming_itself_trusted_does_not_grant_trust_over_anothers_db(user2, shared):
    d, url = shared
    config = d / "user2.yaml"
    config.write_text(f"security:\n  trusted_operators: [{USER2}]\n")
    os.chown(config, user2[0].pw_uid, user2[0].pw_gid)
    os.chmod(config, 0o644)
    proc = _as_user2(user2, ["--config", str(config), "--database", url, "--as", "alice",
                             "list"], d)
    assert proc.returncode == 3, proc
    assert "alice secret" not in proc.stdout
    # Control: over a database it owns, the same config does make it an operator.
    own = d / "own"
    own.mkdir()
    os.chown(own, user2[0].pw_uid, user2[0].pw_gid)
    own_url = "sqlite:///" + str(own / "own.sqlite")
    assert _as_user2(user2, ["--config", str(config), "--database", own_url, "user", "add",
                             "alice"], d).returncode == 0
    proc = _as_user2(user2, ["--config", str(config), "--database", own_url, "--as", "alice",
                             "--json", "whoami"], d)
    assert proc.returncode == 0, proc.stderr
    figures("identity", self_trust_over_foreign_db="exit 3", self_trust_over_own_db="ok")


def test_group_writable_config_is_not_believed(user2, shared):
    d, url = shared
    config = d / "root-writable.yaml"
    config.write_text(f"security:\n  trusted_operators: [{USER2}]\n")
    os.chmod(config, 0o666)  # root-owned but anyone may write it
    proc = _as_user2(user2, ["--config", str(config), "--database", url, "--as", "alice",
                             "list"], d)
    # Refused outright now (cli.md: a config others may write is exit 2), before --as is
    # even looked at.
    assert proc.returncode == 2, proc
    assert "others may write" in proc.stderr and "alice secret" not in proc.stdout


def test_database_file_is_created_private(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    db_dir = tmp_path / "fresh" / "dir"
    url = "sqlite:///" + str(db_dir / "k.sqlite")
    config = tmp_path / "k.yaml"
    config.write_text("kimai: {}\n")
    old = os.umask(0o022)
    try:
        code, _, err = _root_cli(["--config", str(config), "--database", url], "init")
    finally:
        os.umask(old)
    assert code == 0, err
    mode = stat.S_IMODE(os.stat(db_dir / "k.sqlite").st_mode)
    assert mode == 0o600, oct(mode)
    assert stat.S_IMODE(os.stat(db_dir).st_mode) == 0o700
    for side in ("k.sqlite-wal", "k.sqlite-shm"):
        if (db_dir / side).exists():
            assert stat.S_IMODE(os.stat(db_dir / side).st_mode) & 0o077 == 0, side
    figures("identity", database_mode=oct(mode))


# --- every command as each role: nothing the role may not see ------------------------------

ROLES = ["ROLE_USER", "ROLE_TEAMLEAD", "ROLE_ADMIN", "ROLE_SUPER_ADMIN", "ROLE_CUSTOMER"]


@pytest.fixture(scope="module")
def roles_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("roles")
    config = home / "k.yaml"
    config.write_text("kimai: {timesheet: {rounding: {}}}\n")
    base = ["--config", str(config), "--database", "sqlite:///" + str(home / "k.sqlite")]
    steps = [["init"],
             ["customer", "add", "Acme"], ["project", "add", "Web", "--customer", "Acme"],
             ["activity", "add", "Dev", "--project", "Web"],
             ["customer", "add", "Globex"], ["project", "add", "App", "--customer", "Globex"],
             ["activity", "add", "Design", "--project", "App"],
             ["rate", "add", "--project", "Web", "--rate", "100", "--internal-rate", "60"],
             ["rate", "add", "--project", "App", "--rate", "200", "--internal-rate", "70"],
             ["user", "add", "alice", "--role", "ROLE_USER"],
             ["user", "add", "bob", "--role", "ROLE_USER"],
             ["user", "add", "lead", "--role", "ROLE_TEAMLEAD"],
             ["user", "add", "adm", "--role", "ROLE_ADMIN"],
             ["user", "add", "sup", "--role", "ROLE_SUPER_ADMIN"],
             ["user", "add", "cust", "--role", "ROLE_CUSTOMER", "--customer", "Acme"],
             ["team", "add", "T1", "--lead", "lead", "--member", "alice"],
             ["team", "add", "T2", "--lead", "adm", "--member", "bob"]]
    for who, project, activity, desc in (("alice", "Web", "Dev", "alice-acme"),
                                         ("alice", "App", "Design", "alice-globex"),
                                         ("bob", "Web", "Dev", "bob-acme"),
                                         ("bob", "App", "Design", "bob-globex")):
        steps.append(["--as", who, "add", "--project", project, "--activity", activity,
                      "--begin", "2026-11-02 08:00", "--duration", "1:00",
                      "--description", desc])
    for step in steps:
        code, out, err = _root_cli(base, *step)
        assert code == 0, (step, err)
    return base


AS = {"ROLE_USER": "alice", "ROLE_TEAMLEAD": "lead", "ROLE_ADMIN": "adm",
      "ROLE_SUPER_ADMIN": "sup", "ROLE_CUSTOMER": "cust"}
# Which record descriptions each role may see (rules.md §Roles and permissions).
VISIBLE = {"ROLE_USER": {"alice-acme", "alice-globex"},
           "ROLE_TEAMLEAD": {"alice-acme", "alice-globex"},  # lead's own: none; alice via T1
           "ROLE_ADMIN": {"alice-acme", "alice-globex", "bob-acme", "bob-globex"},
           "ROLE_SUPER_ADMIN": {"alice-acme", "alice-globex", "bob-acme", "bob-globex"},
           "ROLE_CUSTOMER": {"alice-acme", "bob-acme"}}
SECRETS = {"alice-acme", "alice-globex", "bob-acme", "bob-globex"}
RATE_KEYS = {"rate", "hourly_rate", "fixed_rate", "internal_rate"}


def _walk(value):
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)


@pytest.mark.parametrize("role", ROLES)
def test_role_sweep_reveals_nothing_forbidden(roles_home, role):
    base = roles_home + ["--as", AS[role]]
    commands = [["list", "--all-users"], ["list"], ["status"], ["export", "--format", "json"],
                ["export", "--format", "csv", "--all-users"],
                ["export", "--format", "json", "--all-users"],
                ["list", "--all-users", "--user", "bob"], ["list", "--all-users", "--search",
                                                           "globex"],
                ["customer", "list"], ["customer", "show", "Globex"], ["project", "list"],
                ["project", "show", "App"], ["activity", "list"], ["user", "list"],
                ["user", "show", "bob"], ["team", "list"], ["tag", "list"], ["whoami"],
                ["rate", "list", "--project", "App"], ["rate", "list", "--project", "Web"]]
    commands += [["show", str(i)] for i in range(1, 6)]
    problems, ran = [], 0
    missing_code = _root_cli(base, "show", "999")[0]
    for command in commands:
        for flag in ([], ["--json"]):
            code, out, err = _root_cli(base, *flag, *command)
            ran += 1
            seen = {s for s in SECRETS if s in out or s in err}
            if seen - VISIBLE[role]:
                problems.append(f"{command}: reveals {sorted(seen - VISIBLE[role])}")
            if command[0] == "show" and code != 0 and code != missing_code:
                problems.append(f"{command}: exit {code} differs from a missing record's "
                                f"{missing_code} (reveals existence)")
            if flag and code == 0 and out.strip() and command[0] in ("list", "show", "status",
                                                                     "export"):
                data = json.loads(out)
                for obj in _walk(data):
                    if "description" not in obj:
                        continue
                    keys = set(obj) & RATE_KEYS
                    if role == "ROLE_USER" and keys:
                        problems.append(f"{command}: ROLE_USER sees {sorted(keys)}")
                    if role == "ROLE_CUSTOMER" and "internal_rate" in obj:
                        problems.append(f"{command}: ROLE_CUSTOMER sees internal_rate")
            if command[:3] == ["export", "--format", "csv"] and role in ("ROLE_USER",
                                                                         "ROLE_CUSTOMER"):
                header = out.splitlines()[0] if out else ""
                if role == "ROLE_USER" and "Price" in header:
                    problems.append("CSV export: ROLE_USER gets the money columns")
                if role == "ROLE_CUSTOMER" and "Internal price" in header:
                    problems.append("CSV export: ROLE_CUSTOMER gets internal prices")
    figures("role-sweep", role=role, commands=ran, problems=len(problems))
    assert not problems, "\n".join(problems)
