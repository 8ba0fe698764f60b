"""A real OpenSSH server on loopback with the README's shared-server set-up.

`SshServer.start()` creates a throwaway service account, gives it its own readable copy of
kimai_tui and its dependencies, a database it owns (users admin, alice, carol), a kimai.yaml
naming it a trusted operator, and an authorized_keys with one forced command per person:
`command="kimai-tui --as alice",no-port-forwarding,no-agent-forwarding,no-X11-forwarding`.
Then it starts its own sshd on a free port with its own host key. `ssh(who, command)` runs
the real ssh client with that person's key. `stop()` stops sshd and removes everything.

Needs root (useradd, sshd) and the sshd binary; `unavailable()` says why not, for a skip.
"""

from __future__ import annotations

import compileall
import os
import pwd
import shutil
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ACCOUNT = "ktkimai"
SSHD = next((p for p in ("/usr/sbin/sshd", shutil.which("sshd") or "") if p and
             os.path.exists(p)), None)
PEOPLE = {"alice": "ROLE_USER", "carol": "ROLE_CUSTOMER", "bob": "ROLE_USER"}
EXCLUDED_PACKAGES = ("pip*", "setuptools*", "_distutils_hack*", "hypothesis*", "pytest*",
                     "_pytest*", "__editable__*", "pluggy*", "syrupy*", "*.pth")


def unavailable() -> str | None:
    """None when the suite can run here, else the reason it cannot."""
    if os.geteuid() != 0:
        return "needs root (a throwaway service account and sshd's privilege separation)"
    if SSHD is None:
        return "no sshd (.ci/run installs Debian's openssh-server; apt-get was not possible)"
    for tool in ("ssh", "ssh-keygen", "useradd", "userdel", "runuser"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    if _system_python() is None:
        return (f"no /usr/bin/python{sys.version_info.major}.{sys.version_info.minor} the "
                "service account could run (this interpreter lives in a private home)")
    return None


def _system_python() -> str | None:
    """An interpreter of this version that another account may execute."""
    for candidate in (sys.executable,
                      f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}"):
        real = os.path.realpath(candidate)
        if _world_executable(real):
            return candidate
    return None


def _world_executable(path: str) -> bool:
    current = Path(path)
    if not os.path.exists(path) or not os.stat(path).st_mode & 0o001:
        return False
    for folder in current.parents:
        if not os.stat(folder).st_mode & 0o001:
            return False
    return True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def readable_program(base: Path, program: Path) -> Path:
    """PROGRAM: a `kimai-tui` script any account may run, over a copy of kimai_tui and its
    dependencies under BASE (byte-compiled; the checkout and this interpreter may live in a
    private home)."""
    code = base / "code"
    shutil.copytree(REPO / "kimai_tui", code / "kimai_tui",
                    ignore=shutil.ignore_patterns("__pycache__"))
    purelib = Path(sysconfig.get_paths()["purelib"])
    shutil.copytree(purelib, code / "site", symlinks=True,
                    ignore=shutil.ignore_patterns(*EXCLUDED_PACKAGES, "__pycache__"))
    compileall.compile_dir(str(code), quiet=1, workers=2)
    for folder, dirs, files in os.walk(base):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)
    program.parent.mkdir(exist_ok=True)
    program.write_text(
        "#!/bin/sh\n"
        f"PYTHONPATH={code}:{code / 'site'} exec {_system_python()} "
        '-m kimai_tui.cli.main "$@"\n')
    os.chmod(program.parent, 0o755)
    os.chmod(program, 0o755)
    return program


class SshServer:
    def __init__(self) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="kt-sshd-"))
        os.chmod(self.base, 0o755)
        self.port = _free_port()
        self.process: subprocess.Popen | None = None
        self.created_account = False
        self.home = Path("/nonexistent")
        self.program = self.base / "bin" / "kimai-tui"

    # -- set-up -----------------------------------------------------------------------------

    def start(self) -> SshServer:
        self._account()
        self._code()
        self._data()
        self._keys()
        self._sshd()
        return self

    def _account(self) -> None:
        try:
            pwd.getpwnam(ACCOUNT)
        except KeyError:
            subprocess.run(["useradd", "-m", "-s", "/bin/sh", ACCOUNT], check=True,
                           capture_output=True)
            self.created_account = True
        # "!" marks a locked account, which sshd refuses without PAM; "*" only means that no
        # password works (keys still do).
        subprocess.run(["usermod", "-p", "*", ACCOUNT], check=True, capture_output=True)
        self.pw = pwd.getpwnam(ACCOUNT)
        self.home = Path(self.pw.pw_dir)
        for leftover in ("kimai.sqlite", "kimai.sqlite-wal", "kimai.sqlite-shm", "exports",
                         ".config", ".ssh", ".local"):
            path = self.home / leftover
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()

    def _code(self) -> None:
        readable_program(self.base, self.program)

    def run_as_account(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """kimai-tui as the service account itself (what an admin does on the server)."""
        proc = subprocess.run([shutil.which("runuser"), "-u", ACCOUNT, "--", str(self.program), *args],
                              cwd=self.home, env=self._account_env(), capture_output=True,
                              text=True, timeout=60)
        if check and proc.returncode != 0:
            raise AssertionError(f"{args}: {proc.returncode} {proc.stderr}")
        return proc

    def _account_env(self) -> dict:
        return {"PATH": "/usr/bin:/bin", "HOME": str(self.home), "LANG": "C.UTF-8",
                "USER": ACCOUNT}

    def _data(self) -> None:
        self.database = self.home / "kimai.sqlite"
        self.exports = self.home / "exports"
        config_dir = self.home / ".config" / "kimai-tui"
        self.config = config_dir / "kimai.yaml"
        self._as_account_mkdir(config_dir, self.exports)
        self.config.write_text(
            f"database: sqlite:///{self.database}\n"
            f"security: {{trusted_operators: [{ACCOUNT}], export_directory: {self.exports}}}\n"
            "kimai: {timesheet: {rounding: {}}}\n")
        os.chown(self.config, self.pw.pw_uid, self.pw.pw_gid)
        os.chmod(self.config, 0o600)
        self.run_as_account("init", "--admin", "admin")
        for step in (["customer", "add", "Acme"], ["project", "add", "Web", "--customer", "Acme"],
                     ["activity", "add", "Dev", "--project", "Web"]):
            self.run_as_account("--as", "admin", *step)
        for name, role in PEOPLE.items():
            self.run_as_account("--as", "admin", "user", "add", name, "--role", role,
                                "--email", f"{name}@example.org",
                                *(["--customer", "Acme"] if role == "ROLE_CUSTOMER" else []))
        for user, day in (("alice", "2026-11-02"), ("bob", "2026-11-03")):
            self.run_as_account("--as", user, "add", "--project", "Web", "--activity", "Dev",
                                "--begin", f"{day} 08:00", "--duration", "1:30",
                                "--description", f"work of {user}")

    def _as_account_mkdir(self, *folders: Path) -> None:
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            for path in [folder, *folder.parents]:
                if path == self.home or self.home not in path.parents:
                    break
                os.chown(path, self.pw.pw_uid, self.pw.pw_gid)

    def _keys(self) -> None:
        keys = self.base / "keys"
        keys.mkdir(mode=0o700)
        self.keys = {}
        for name in (*PEOPLE, "host", "mallory"):
            path = keys / name
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f",
                            str(path)], check=True, capture_output=True)
            self.keys[name] = path
        ssh_dir = self.home / ".ssh"
        self._as_account_mkdir(ssh_dir)
        self.authorized_keys = ssh_dir / "authorized_keys"
        lines = []
        for name in PEOPLE:
            public = (keys / f"{name}.pub").read_text().strip()
            lines.append(f'command="{self.program} --as {name}",no-port-forwarding,'
                         f"no-agent-forwarding,no-X11-forwarding {public}")
        self.authorized_keys.write_text("\n".join(lines) + "\n")
        os.chown(self.authorized_keys, self.pw.pw_uid, self.pw.pw_gid)
        os.chmod(self.authorized_keys, 0o600)

    def _sshd(self) -> None:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # privilege separation
        self.sshd_config = self.base / "sshd_config"
        self.sshd_config.write_text(
            f"Port {self.port}\nListenAddress 127.0.0.1\n"
            f"HostKey {self.keys['host']}\nPidFile {self.base / 'sshd.pid'}\n"
            "AuthorizedKeysFile .ssh/authorized_keys\nPubkeyAuthentication yes\n"
            "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n"
            f"PermitRootLogin no\nAllowUsers {ACCOUNT}\nStrictModes yes\nLogLevel VERBOSE\n"
            "PrintMotd no\nPrintLastLog no\n")
        self.log = self.base / "sshd.log"
        self.process = subprocess.Popen([SSHD, "-D", "-e", "-f", str(self.sshd_config)],
                                        stdout=open(self.log, "w"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"sshd ended: {self.log.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"sshd did not listen: {self.log.read_text()}")

    # -- use --------------------------------------------------------------------------------

    def ssh_argv(self, who: str, *options: str) -> list[str]:
        return ["ssh", "-F", "/dev/null", "-i", str(self.keys[who]), "-p", str(self.port),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "LogLevel=ERROR",
                *options, "--", f"{ACCOUNT}@127.0.0.1"]

    def ssh(self, who: str, *command: str, options: tuple[str, ...] = ("-T",),
            stdin=subprocess.DEVNULL, timeout: float = 60) -> subprocess.CompletedProcess:
        """`ssh [OPTIONS] ktkimai@127.0.0.1 COMMAND...` with WHO's key."""
        return subprocess.run([*self.ssh_argv(who, *options), *command], stdin=stdin,
                              capture_output=True, text=True, timeout=timeout)

    def account_processes(self) -> list[str]:
        """The service account's kimai-tui processes still running."""
        proc = subprocess.run(["pgrep", "-a", "-u", ACCOUNT, "-f", "kimai_tui"],
                              capture_output=True, text=True)
        return [line for line in proc.stdout.splitlines() if line.strip()]

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        subprocess.run(["pkill", "-KILL", "-u", ACCOUNT], capture_output=True)
        if self.created_account:
            subprocess.run(["userdel", "-r", ACCOUNT], capture_output=True)
        shutil.rmtree(self.base, ignore_errors=True)
