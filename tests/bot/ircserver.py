"""A real IRC server (miniircd) on 127.0.0.1 and a plain-socket IRC client for the tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class IrcServer:
    """miniircd in a child process; ``stop`` kills it, ``start`` brings it back on the same port."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> "IrcServer":
        command = [sys.executable, "-m", "miniircd", "--listen", "127.0.0.1", "--ports", str(self.port)]
        if os.getuid() == 0:
            command += ["--setuid", "root"]  # miniircd refuses root unless told so
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"miniircd exited: {self.process.stderr.read().decode(errors='replace')}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("miniircd did not listen in 10 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)
        self.process = None


class Peer:
    """A person in the channel: a raw socket, so it can also send bytes that are not UTF-8."""

    def __init__(self, port: int, nick: str):
        self.nick = nick
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        # Each line on its own, now: Nagle's algorithm would hold a line back for an acknowledgement.
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""
        self.lines: list[str] = []  # every line received, decoded leniently
        self.send(f"NICK {nick}")
        self.send(f"USER {nick} 0 * :{nick}")
        self.wait_for(lambda line: f" 001 {nick} " in line)

    def send(self, line: str) -> None:
        self.send_bytes(line.encode("utf-8"))

    def send_bytes(self, data: bytes) -> None:
        self.sock.sendall(data + b"\r\n")

    def join(self, channel: str) -> None:
        self.send(f"JOIN {channel}")
        self.wait_for(lambda line: f"JOIN {channel}" in line and line.startswith(f":{self.nick}!"))

    def say(self, target: str, text: str) -> None:
        self.send(f"PRIVMSG {target} :{text}")

    def act(self, target: str, text: str) -> None:
        self.send(f"PRIVMSG {target} :\x01ACTION {text}\x01")

    def _read(self, timeout: float) -> None:
        self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(65536)
        except socket.timeout:
            return
        if not data:
            raise ConnectionError(f"{self.nick}: the server closed the connection")
        self.buffer += data
        *complete, self.buffer = self.buffer.split(b"\r\n")
        for raw in complete:
            line = raw.decode("utf-8", "replace")
            if line.startswith("PING "):
                self.send("PONG " + line[5:])
            self.lines.append(line)

    def wait_for(self, predicate, timeout: float = 10.0, start: int = 0) -> str:
        """The first line from *start* on that satisfies *predicate*, reading until *timeout*."""
        deadline = time.monotonic() + timeout
        checked = start
        while True:
            for index in range(checked, len(self.lines)):
                if predicate(self.lines[index]):
                    return self.lines[index]
            checked = max(checked, len(self.lines))
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{self.nick}: no such line in {timeout} s; last lines: {self.lines[-8:]}")
            self._read(min(remaining, 0.2))

    def messages(self, sender: str, start: int = 0) -> list[str]:
        """The texts *sender* said (PRIVMSG) from line *start* on."""
        found = []
        for line in self.lines[start:]:
            if line.startswith(f":{sender}!") and " PRIVMSG " in line:
                found.append(line.split(" :", 1)[1])
        return found

    def wait_for_messages(self, sender: str, count: int, start: int = 0, timeout: float = 10.0) -> list[str]:
        deadline = time.monotonic() + timeout
        while len(self.messages(sender, start)) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{self.nick}: {len(self.messages(sender, start))} of {count} lines from "
                                     f"{sender}: {self.messages(sender, start)}")
            self._read(min(remaining, 0.2))
        return self.messages(sender, start)

    def quiet_for(self, seconds: float) -> None:
        """Read whatever comes during *seconds* (to show something was NOT said)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._read(max(0.01, min(0.1, deadline - time.monotonic())))

    def close(self) -> None:
        try:
            self.send("QUIT :bye")
        except OSError:
            pass
        self.sock.close()
