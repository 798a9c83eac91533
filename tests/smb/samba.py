"""A real Samba server on the loopback address, for the SMB check (``make smb-check``).

Debian's ``smbd`` runs in the foreground with a configuration, databases and a share
folder of its own under a temporary directory, on port 4450 of 127.0.0.1 only, with one
user in its own password database. It needs root (``smbd`` and ``smbpasswd`` do) and a
Unix account for the SMB user, made once with ``useradd`` when missing.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
PORT = 4450
SHARE = "journal"
USER = "sjsmbcheck"
PASSWORD = "Check-Samba-2026"
START_TIMEOUT_S = 20.0


class SambaUnavailable(RuntimeError):
    """Samba cannot be started here; the message says why and what to install."""


@dataclass
class Samba:
    root: Path
    share_dir: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        return f"smb://{USER}@{HOST}:{PORT}/{SHARE}"

    def start(self) -> None:
        if self.process is not None:
            return
        log = (self.root / "smbd.out").open("ab")
        self.process = subprocess.Popen(
            [_smbd(), "--foreground", "--debug-stdout", "-d", "1",
             f"--configfile={self.root / 'smb.conf'}"],
            # No --no-process-group: smbd then makes a session of its own, and the
            # signal it sends its process group on stopping does not reach pytest.
            stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SambaUnavailable(f"smbd exited: {(self.root / 'smbd.out').read_text()}")
            with contextlib.suppress(OSError), socket.create_connection((HOST, PORT), 0.2):
                return
            time.sleep(0.1)
        self.stop()
        raise SambaUnavailable(f"smbd did not listen on {HOST}:{PORT} in {START_TIMEOUT_S} s")

    def stop(self) -> None:
        from database.sync.smb import close_connections

        close_connections()
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        self.process = None


def _smbd() -> str:
    found = shutil.which("smbd") or ("/usr/sbin/smbd" if Path("/usr/sbin/smbd").exists() else None)
    if found is None:
        raise SambaUnavailable("smbd not found: apt-get install samba")
    return found


def _config(root: Path, share_dir: Path) -> str:
    state = {name: root / name for name in ("private", "lock", "state", "cache", "pid", "ncalrpc")}
    for folder in state.values():
        folder.mkdir(parents=True, exist_ok=True)
    return f"""[global]
  server role = standalone server
  workgroup = WORKGROUP
  interfaces = {HOST}
  bind interfaces only = yes
  smb ports = {PORT}
  passdb backend = tdbsam:{root / 'passdb.tdb'}
  private dir = {state['private']}
  lock directory = {state['lock']}
  state directory = {state['state']}
  cache directory = {state['cache']}
  pid directory = {state['pid']}
  ncalrpc dir = {state['ncalrpc']}
  log file = {root / 'log.%m'}
  load printers = no
  printing = bsd
  printcap name = /dev/null
  disable spoolss = yes
  server min protocol = SMB2_10
  smb encrypt = desired

[{SHARE}]
  path = {share_dir}
  read only = no
  valid users = {USER}
  # The folder sits in the test's private temporary directory (mode 0700, root's):
  # the SMB user is authenticated with its own password, its files are root's.
  force user = root
"""


def _ensure_user() -> None:
    try:
        pwd.getpwnam(USER)
    except KeyError:
        subprocess.run(["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", USER],
                       check=True, capture_output=True)


@contextlib.contextmanager
def samba_server(root: Path) -> Iterator[Samba]:
    if os.geteuid() != 0:
        raise SambaUnavailable("the SMB check starts smbd and needs root")
    _smbd()
    _ensure_user()
    share_dir = root / "share"
    share_dir.mkdir(parents=True)
    (root / "smb.conf").write_text(_config(root, share_dir), encoding="utf-8")
    subprocess.run(
        ["smbpasswd", "-c", str(root / "smb.conf"), "-a", "-s", USER],
        input=f"{PASSWORD}\n{PASSWORD}\n".encode(), check=True, capture_output=True,
    )
    server = Samba(root, share_dir)
    server.start()
    try:
        yield server
    finally:
        server.stop()
