"""Real IRC servers on 127.0.0.1 (miniircd; ngircd when installed) and a plain-socket IRC client for the tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

SERVERS = ("miniircd", "ngircd")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def missing(kind: str) -> str | None:
    """Why *kind* cannot run here, or None. miniircd comes with the test extra; ngircd is Debian's, optional."""
    if kind == "ngircd" and shutil.which("ngircd") is None:
        return "ngircd is not installed (optional second server: apt-get install ngircd)"
    return None


def is_join(line: str, nick: str, channel: str) -> bool:
    """*nick* joined *channel*: ``:nick!u@h JOIN #c`` (miniircd) or ``JOIN :#c`` (ngircd)."""
    words = line.split(" ")
    return (len(words) >= 3 and words[0].startswith(f":{nick}!") and words[1] == "JOIN"
            and words[2].lstrip(":").lower() == channel.lower())


# ngircd as a test needs it: no PAM, ident or DNS lookups (each would stall a connection), no limit on
# connections from one address (the bot and the peers all come from 127.0.0.1), nicks as long as ours,
# no penalty seconds for fast clients (the bot's own rate is under test, not ngircd's flood guard).
NGIRCD_CONF = """\
[Global]
Name = irc.archwg.test
Info = archwg test server
AdminInfo1 = archwg tests
AdminInfo2 = 127.0.0.1
AdminEMail = tests@archwg.invalid
Listen = 127.0.0.1
Ports = {port}
PidFile = {folder}/ngircd.pid
MotdPhrase = archwg tests
[Limits]
MaxConnectionsIP = 0
MaxNickLength = 30
MaxPenaltyTime = 0
[Options]
PAM = no
Ident = no
DNS = no
"""


class IrcServer:
    """An IRC server in a child process; ``stop`` kills it, ``start`` brings it back on the same port."""

    def __init__(self, port: int | None = None, kind: str = "miniircd", tls: tuple[str, str] | None = None):
        """*tls*: (certificate chain file, key file), PEM: the server then speaks only TLS (miniircd's)."""
        if kind not in SERVERS:
            raise ValueError(f"no IRC server {kind!r} (known: {', '.join(SERVERS)})")
        if tls is not None and kind != "miniircd":
            raise ValueError("only miniircd is started with TLS here")
        self.kind = kind
        self.tls = tls
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None
        self._folder: tempfile.TemporaryDirectory | None = None

    def _command(self) -> list[str]:
        if self.kind == "ngircd":
            if self._folder is None:
                self._folder = tempfile.TemporaryDirectory(prefix="ngircd-")
            folder = Path(self._folder.name)
            conf = folder / "ngircd.conf"
            conf.write_text(NGIRCD_CONF.format(port=self.port, folder=folder))
            return ["ngircd", "--nodaemon", "--config", str(conf)]
        command = [sys.executable, "-m", "miniircd", "--listen", "127.0.0.1", "--ports", str(self.port)]
        if os.getuid() == 0:
            command += ["--setuid", "root"]  # miniircd refuses root unless told so
        if self.tls is not None:
            command += ["--ssl-cert-file", self.tls[0], "--ssl-key-file", self.tls[1]]
        return command

    def start(self) -> "IrcServer":
        self.process = subprocess.Popen(self._command(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.kind} exited: {self.process.stderr.read().decode(errors='replace')}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"{self.kind} did not listen in 10 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)
        if self.process is not None:
            self.process.stderr.close()
        self.process = None

    def close(self) -> None:
        """Stop for good: the server and its configuration folder."""
        self.stop()
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None


class Peer:
    """A person in the channel: a raw socket, so it can also send bytes that are not UTF-8."""

    def __init__(self, port: int, nick: str, tls=None):
        """*tls*: an ``ssl.SSLContext`` to speak TLS with (to a server started with ``tls``)."""
        self.nick = nick
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        # Each line on its own, now: Nagle's algorithm would hold a line back for an acknowledgement.
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if tls is not None:
            self.sock = tls.wrap_socket(self.sock, server_hostname="127.0.0.1")
        self.buffer = b""
        self.lines: list[str] = []  # every line received, decoded leniently
        self.received: list[float] = []  # when each of ``lines`` was read (time.monotonic)
        self.send(f"NICK {nick}")
        self.send(f"USER {nick} 0 * :{nick}")
        self.wait_for(lambda line: f" 001 {nick} " in line)

    def send(self, line: str) -> None:
        self.send_bytes(line.encode("utf-8"))

    def send_bytes(self, data: bytes) -> None:
        self.sock.sendall(data + b"\r\n")

    def join(self, channel: str) -> "Peer":
        self.send(f"JOIN {channel}")
        self.wait_for(lambda line: is_join(line, self.nick, channel))
        return self

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
        when = time.monotonic()
        self.buffer += data
        *complete, self.buffer = self.buffer.split(b"\r\n")
        for raw in complete:
            line = raw.decode("utf-8", "replace")
            if line.startswith("PING "):
                self.send("PONG " + line[5:])
            self.lines.append(line)
            self.received.append(when)

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

    def message_times(self, sender: str, start: int = 0) -> list[tuple[float, str]]:
        """(when it was received, text) of each PRIVMSG from *sender* from line *start* on."""
        return [(when, line.split(" :", 1)[1]) for when, line in zip(self.received[start:], self.lines[start:])
                if line.startswith(f":{sender}!") and " PRIVMSG " in line]

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


class SilentDropProxy:
    """A TCP proxy to a server whose ``drop`` cuts the connections it carries without a word to the client:
    the server's side is closed, the client's stays open and hears nothing more (a NAT that forgot the
    connection, a server gone without a reset). Connections made after that are carried as before."""

    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.port = self.listener.getsockname()[1]
        self.accepted = 0
        self._carried: list[tuple[socket.socket, socket.socket]] = []
        self._silenced: list[socket.socket] = []  # client sides kept open, never answered
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            server = socket.create_connection(("127.0.0.1", self.upstream_port))
            with self._lock:
                self.accepted += 1
                self._carried.append((client, server))
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                return
            with self._lock:
                silenced = sink in self._silenced or source in self._silenced
            if not data or silenced:
                return
            try:
                sink.sendall(data)
            except OSError:
                return

    def drop(self) -> None:
        with self._lock:
            carried, self._carried = self._carried, []
            for client, server in carried:
                self._silenced.append(client)
                server.shutdown(socket.SHUT_RDWR)  # a close alone waits for the pump blocked in recv
                server.close()

    def close(self) -> None:
        self.listener.close()
        with self._lock:
            for client, server in self._carried:
                client.close()
                server.close()
            for client in self._silenced:
                client.close()


class ScriptedServer:
    """A one-connection IRC server that answers as the test scripts it, for what real servers send
    and the ones started here do not (a join sent on to another channel, a TLS record cut short).

    *answer(line, send)* gets each line the client sends, after registration is answered with 001.
    With *tls* (an ``ssl.SSLContext`` for the server side), it speaks TLS through memory BIOs, so
    ``send(data, cut=n)`` can send only the first *n* bytes of what TLS made of *data*.
    """

    def __init__(self, answer, tls=None):
        self.answer = answer
        self.tls = tls
        self.received: list[str] = []
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(4)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        with conn:
            channel = _TlsChannel(conn, self.tls) if self.tls is not None else _PlainChannel(conn)
            buffer, nick = b"", "client"
            try:
                while True:
                    data = channel.receive()
                    if not data:
                        return
                    buffer += data
                    *lines, buffer = buffer.split(b"\r\n")
                    for raw in lines:
                        line = raw.decode("utf-8", "replace")
                        self.received.append(line)
                        if line.startswith("NICK "):
                            nick = line.split(" ", 1)[1].lstrip(":")
                        elif line.startswith("USER "):
                            channel.send(f":irc.test 001 {nick} :Welcome\r\n".encode())
                        else:
                            self.answer(line, lambda text, cut=None: channel.send(text.encode() + b"\r\n", cut))
            except OSError:
                return

    def close(self) -> None:
        self.listener.close()


class _PlainChannel:
    def __init__(self, conn):
        self.conn = conn

    def receive(self) -> bytes:
        return self.conn.recv(65536)

    def send(self, data: bytes, cut=None) -> None:
        self.conn.sendall(data if cut is None else data[:cut])


class _TlsChannel:
    def __init__(self, conn, context):
        import ssl

        self.conn, self.ssl = conn, ssl
        self.incoming, self.outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.tls = context.wrap_bio(self.incoming, self.outgoing, server_side=True)
        while True:
            try:
                self.tls.do_handshake()
                break
            except ssl.SSLWantReadError:
                self._flush()
                self.incoming.write(conn.recv(65536))
        self._flush()

    def _flush(self, cut=None) -> None:
        data = self.outgoing.read()
        self.conn.sendall(data if cut is None else data[:cut])

    def receive(self) -> bytes:
        while True:
            try:
                return self.tls.read(65536)
            except self.ssl.SSLWantReadError:
                data = self.conn.recv(65536)
                if not data:
                    return b""
                self.incoming.write(data)

    def send(self, data: bytes, cut=None) -> None:
        self.tls.write(data)
        self._flush(cut)
