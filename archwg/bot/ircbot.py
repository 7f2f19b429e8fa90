"""The bot on jaraco's ``irc``: connection, handlers, the send queue, reconnection.

The only module of archwg that imports ``irc``. It moves lines between the
server and ``Session`` (which decides everything) and keeps the bot alive:

- undecodable bytes are read as latin-1 (``LenientDecodingLineBuffer``);
  with the default buffer they raise out of the event loop (jaraco/irc #34, #52, #84...);
- an exception in any handler or scheduled job is logged and the bot goes on;
- lines go out through a ``SendQueue`` drained by ``reactor.scheduler.execute_every``,
  never ``set_rate_limit`` (it sleeps inside the event loop);
- a dropped connection is retried with the library's ``ExponentialBackoff``, whose count of
  attempts starts over once a connection has lasted as long as its longest wait;
  on welcome the bot joins again, and the schedule, which lives in the
  reactor, goes on; so does a meeting being recorded;
- a connection that cannot be made says why (``_SayingWhyFactory``), and no wait on the
  socket (connecting, a TLS record cut short) lasts over ``socket_timeout`` seconds; one the network dropped without a word is found by
  the keepalive (a PING after ``keepalive`` seconds of silence, dead after
  ``dead_after``); a nick taken at connection (often the bot's own ghost) is asked
  back now and then.
"""

from __future__ import annotations

import functools
import itertools
import logging
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Iterator

import irc.bot
import irc.client
import irc.connection
from jaraco.stream.buffer import LenientDecodingLineBuffer

from archwg.bot.config import BotConfig
from archwg.bot.sendqueue import SendQueue
from archwg.bot.session import Session, Settings, utc_now
from archwg.bot.text import split_text

log = logging.getLogger("archwg.bot")

REALNAME = "archwg meeting bot"


def guarded(job: Callable, what: str) -> Callable:
    """*job*, with any exception logged instead of raised: one bad line never stops the bot."""

    @functools.wraps(job)
    def run(*args, **kwargs):
        try:
            return job(*args, **kwargs)
        except Exception:
            log.exception("%s failed; going on", what)
            return None

    return run


class SafeReactor(irc.client.Reactor):
    """A reactor whose handlers cannot break its loop.

    An exception in a handler would otherwise escape ``process_once`` and
    lose the other lines of the same read.
    """

    def _handle_event(self, connection, event):
        with self.mutex:
            handlers = sorted(self.handlers.get("all_events", []) + self.handlers.get(event.type, []))
            for handler in handlers:
                try:
                    result = handler.callback(connection, event)
                except Exception:
                    log.exception("handling %s failed; going on", event.type)
                    continue
                if result == "NO MORE":
                    return


def _no_delay(sock: socket.socket) -> socket.socket:
    # One short line at a time: Nagle's algorithm would hold a reply back
    # until the server acknowledges the previous one (some 40 ms).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def _tls(context: ssl.SSLContext, host: str, sock: socket.socket) -> ssl.SSLSocket:
    return context.wrap_socket(_no_delay(sock), server_hostname=host)


class _SayingWhyFactory(irc.connection.Factory):
    """The library's connection factory, with a time limit on connecting, which logs why a
    connection could not be made.

    The library turns the error into a disconnect event without its reason,
    so a bot that cannot connect would only ever say it is reconnecting.
    """

    def __init__(self, wrapper, timeout: float):
        # The limit is set before the wrapper, so a TLS handshake has it too; and it stays:
        # select() says a TLS socket is readable when part of a record came, and a read then
        # waits for the rest, which a dropped network never sends (the library reads a
        # timeout as a connection reset, and the backoff connects again).
        super().__init__(wrapper=lambda sock: wrapper(_limited(sock, timeout)))
        self.timeout = timeout

    def connect(self, server_address):
        try:
            return super().connect(server_address)
        except OSError as error:
            log.error("cannot connect to %s:%s: %s", *server_address, why_not_connected(error, self.timeout))
            raise

    __call__ = connect


def _limited(sock: socket.socket, timeout: float) -> socket.socket:
    sock.settimeout(timeout)
    return sock


def why_not_connected(error: OSError, timeout: float) -> str:
    """A connection's failure in words: no answer in time, a certificate the trust store refuses, or the
    system's reason."""
    if isinstance(error, TimeoutError):  # connecting, or the TLS handshake
        return f"no answer in {timeout:g} s"
    if isinstance(error, ssl.SSLCertVerificationError):
        # The system trust store is OpenSSL's: SSL_CERT_FILE or SSL_CERT_DIR add a private CA.
        return f"the server's TLS certificate is not trusted ({error.verify_message})"
    if isinstance(error, ssl.SSLError):
        return f"TLS failed ({error.reason or error})"
    return error.strerror or str(error) or type(error).__name__


def connect_factory(host: str, tls: bool, timeout: float = 30.0) -> irc.connection.Factory:
    """Plain TCP, or TLS that verifies the server's certificate with the system's trust store;
    no wait on the socket (connecting, the handshake, the rest of a message) lasts over *timeout* seconds."""
    if not tls:
        return _SayingWhyFactory(_no_delay, timeout)
    context = ssl.create_default_context()
    return _SayingWhyFactory(functools.partial(_tls, context, host), timeout)


def fallback_nicks(nick: str) -> Iterator[str]:
    """The nicks the bot registers under when its own is taken, in turn: "nick_", then, for a network
    whose limit "nick_" passes, the nick's own length: "nic_", "nic0" ... "nic9"."""
    yield f"{nick}_"
    if len(nick) > 1:
        stem = nick[:-1]
        yield f"{stem}_"
        for digit in "0123456789":
            yield f"{stem}{digit}"


@dataclass(frozen=True)
class ConnectArguments:
    """What the bot hands the library to connect: ``ServerSpec(host, port, password)`` and ``sasl_login``."""

    host: str
    port: int
    password: str | None = field(default=None, repr=False)  # SASL's when sasl_login is set, else none
    sasl_login: str | None = None

    def keywords(self) -> dict[str, str]:
        """The extra keywords of ``ServerConnection.connect`` (``sasl_login`` exists only from irc 20.3)."""
        return {"sasl_login": self.sasl_login} if self.sasl_login else {}


def connect_arguments(config: BotConfig, password: str | None) -> ConnectArguments:
    """The connection's arguments. The password goes by SASL PLAIN when ``sasl`` is on; otherwise
    it is no server password (PASS) at all but a NickServ IDENTIFY after welcome (``on_welcome``)."""
    if password and config.sasl:
        return ConnectArguments(config.server, config.effective_port, password, sasl_login=config.nick)
    return ConnectArguments(config.server, config.effective_port)


class MeetingBot(irc.bot.SingleServerIRCBot):
    reactor_class = SafeReactor

    def __init__(self, settings: Settings, now: Callable[[], datetime] = utc_now):
        config = settings.config
        self.settings = settings
        self.session = Session(settings, now)
        self.queue = SendQueue(config.burst, config.per_second)
        self.joined = False
        self._stop = threading.Event()
        self._connections = 0  # welcomes and drops so far: which connection a delayed job belongs to
        arguments = connect_arguments(config, settings.password)
        spec = irc.bot.ServerSpec(arguments.host, arguments.port, arguments.password)
        recon = irc.bot.ExponentialBackoff(min_interval=config.reconnect_min, max_interval=config.reconnect_max)
        super().__init__([spec], config.nick, REALNAME, recon=recon,
                         connect_factory=connect_factory(config.server, config.tls, settings.socket_timeout),
                         **arguments.keywords())
        # The library logs every raw line at DEBUG, an IDENTIFY or AUTHENTICATE included.
        for name in ("irc", "jaraco"):
            library = logging.getLogger(name)
            library.setLevel(max(library.getEffectiveLevel(), logging.INFO))
        # Per connection, before connect() builds the buffer: latin-1 for what is not UTF-8.
        self.connection.buffer_class = LenientDecodingLineBuffer
        scheduler = self.reactor.scheduler
        scheduler.execute_every(settings.drain_every, guarded(self._drain, "sending"))
        scheduler.execute_every(settings.tick, guarded(self._tick, "the clock"))
        self._watched = None  # the socket the keepalive watches: another is a new connection
        self._heard = time.monotonic()  # the last line from the server
        self._pinged_at: float | None = None  # the keepalive's ping not answered yet (by any line)
        self._welcomed = False  # on this connection: a nick in use is then one the bot asked to have back
        self._fell_back = False  # on this connection: registered under a fallback nick
        self._fallbacks = fallback_nicks(config.nick)
        self._asked_nick_back = 0.0
        scheduler.execute_every(min(settings.keepalive, settings.dead_after) / 4,
                                guarded(self._keep_alive, "the keepalive"))

    # -- running -----------------------------------------------------------------

    def run(self) -> None:
        """Connect and process events until ``stop()``."""
        log.info("connecting to %s:%s as %s (%s)", self.settings.config.server, self.settings.config.effective_port,
                 self.settings.config.nick, "TLS" if self.settings.config.tls else "no TLS")
        guarded(self._connect, "connecting")()
        while not self._stop.is_set():
            try:
                self.reactor.process_once(timeout=0.05)
            except Exception:
                log.exception("the event loop failed; going on")
        self.session.close()
        if self.connection.is_connected():
            self.connection.disconnect("archwg bot stopping")

    def stop(self) -> None:
        self._stop.set()

    def say(self, target: str, text: str) -> None:
        self._warn_dropped(self._put(target, text))

    def _put(self, target: str, text: str) -> int:
        """Queue *text*'s lines; how many the full queue dropped."""
        return sum(not self.queue.put(target, line) for line in split_text(text))

    def _warn_dropped(self, dropped: int) -> None:
        if dropped:
            log.warning("the send queue is full (%d lines): %d dropped", self.queue.limit, dropped)

    def _say_all(self, replies) -> None:
        self._warn_dropped(sum(self._put(reply.target, reply.text) for reply in replies))
        if replies:
            # Now, not at the next scheduled drain: the ping follows #startmeeting at once.
            self._drain()

    def _drain(self) -> None:
        if not (self.connection.is_connected() and self.joined):
            return
        for target, text in self.queue.take():
            self.connection.privmsg(target, text)
            self.session.sent(target, text)

    def _tick(self) -> None:
        self._say_all(self.session.tick())

    # -- events ------------------------------------------------------------------

    def on_welcome(self, connection, event):
        self._welcomed = True
        self._asked_nick_back = time.monotonic()
        self.session.nick = connection.get_nickname()
        log.info("connected as %s", self.session.nick)
        self._connections += 1
        # The library's backoff counts attempts for the life of the bot. Connected for as long as its
        # longest wait, the next drop starts again from the shortest one; a server that drops the bot
        # soon after its welcome (a ban, a throttle) still gets ever longer waits.
        this = self._connections
        self.reactor.scheduler.execute_after(self.settings.config.reconnect_max,
                                             guarded(lambda: self._connected_a_while(this), "the backoff"))
        if connection.get_nickname() == self.settings.config.nick:
            self._identify(connection)  # as "nick_", when the nick is had back (on_nick)
        connection.join(self.settings.channel)

    def _identify(self, connection) -> None:
        # Services apply "IDENTIFY <password>" to the nick worn (the argument order of the
        # account form differs between Atheme, Anope and OFTC's services).
        if self.settings.password and not self.settings.config.sasl:
            # Straight to the socket, not through the queue or any log.
            connection.privmsg("NickServ", f"IDENTIFY {self.settings.password}")

    def on_login_failed(self, connection, event):
        # The library's own event when SASL fails; the bot goes on unidentified rather than not at all.
        # Its reason is in the arguments, or (irc 20.x, a server without SASL) in the target slot.
        reason = event.arguments or (event.target if isinstance(event.target, list) else [])
        log.error("SASL login failed: %s; going on without it", " ".join(map(str, reason)) or "no reason")

    def on_nicknameinuse(self, connection, event):
        if self._welcomed:
            log.debug("nick %s is still taken; keeping %s", self.settings.config.nick, connection.get_nickname())
            return
        taken = event.arguments[0] if event.arguments else connection.get_nickname()
        self._fall_back(connection, f"nick {taken} is taken")

    def _fall_back(self, connection, why: str) -> None:
        """Register under the next of ``fallback_nicks``; when none is left, the server's registration
        timeout ends the connection and the next one starts over."""
        replacement = next(self._fallbacks, None)
        if replacement is None:
            log.error("%s, and so are the nicks archwg falls back on; waiting to connect again", why)
            return
        self._fell_back = True
        log.warning("%s; using %s", why, replacement)
        connection.nick(replacement)

    def on_join(self, connection, event):
        if event.source.nick == connection.get_nickname() and event.target.lower() == self.settings.channel.lower():
            self.joined = True
            log.info("joined %s", event.target)

    def on_erroneusnickname(self, connection, event):
        # 432: the network will not have this nick (too long, a character it refuses).
        nick, *reason = event.arguments or [self.settings.config.nick]
        reason = " ".join(reason) or "erroneous nickname"
        if nick != self.settings.config.nick and not self._welcomed:
            # A fallback too long for the network ("archwgbot_" where nine characters is the limit).
            self._fall_back(connection, f"the server refuses the nick {nick} ({reason})")
            return
        log.error("the server refuses the nick %s (%s): set another in archwg.toml [bot] nick or --nick",
                  nick, reason)

    def on_kick(self, connection, event):
        if event.arguments and event.arguments[0] == connection.get_nickname():
            self.joined = False
            log.warning("kicked from %s; joining again in %g s", event.target, self.settings.rejoin_after)
            self._join_later()

    def _join_refused(self, connection, event):
        """The server refused the join: a key, a ban, invite only, full, or identified nicks only (477 on
        Libera and OFTC, where a NickServ IDENTIFY may not have been answered yet when the bot joined)."""
        channel, *reason = event.arguments or [self.settings.channel]
        if channel.lower() != self.settings.channel.lower():
            return
        log.error("cannot join %s: %s; trying again in %g s", channel, " ".join(reason) or event.type,
                  self.settings.rejoin_after)
        self._join_later()

    on_channelisfull = on_inviteonlychan = on_bannedfromchan = on_badchannelkey = _join_refused
    on_nochanmodes = _join_refused  # 477 is "need a registered nick" on networks now

    def on_470(self, connection, event):
        # ERR_LINKCHANNEL: the join was sent on to another channel (Libera's +f, with +i or a limit).
        channel, forward = [*event.arguments, "", ""][:2]
        if channel.lower() != self.settings.channel.lower():
            return
        log.error("cannot join %s: sent on to %s (%s); leaving it, trying again in %g s", channel, forward,
                  " ".join(event.arguments[2:]) or "forwarded", self.settings.rejoin_after)
        if forward:
            connection.part(forward)
        self._join_later()

    def on_unavailresource(self, connection, event):
        # 437: a channel, or a nick, held for a while after a netsplit.
        target = event.arguments[0] if event.arguments else ""
        if target[:1] in "#&+!" and target:
            self._join_refused(connection, event)
        else:
            self.on_nicknameinuse(connection, event)

    def _join_later(self) -> None:
        this = self._connections

        def join() -> None:
            # Not on a later connection: its welcome joins by itself.
            if this == self._connections and not self.joined and self.connection.is_connected():
                self.connection.join(self.settings.channel)

        self.reactor.scheduler.execute_after(self.settings.rejoin_after, guarded(join, "joining"))

    def on_nick(self, connection, event):
        if event.target == connection.get_nickname():
            self.session.nick = event.target
            if event.target == self.settings.config.nick and event.source.nick != event.target:
                log.info("got the nick %s back", event.target)
                self._identify(connection)

    def on_all_raw_messages(self, connection, event):
        self._heard = time.monotonic()
        self._pinged_at = None

    def _keep_alive(self) -> None:
        if not self.connection.is_connected():
            return
        now = time.monotonic()
        if self.connection.socket is not self._watched:
            # A new connection: its silence begins now (a server may take a while to greet,
            # looking up the bot's ident), not when the last one fell silent.
            self._watched, self._heard, self._pinged_at = self.connection.socket, now, None
        keepalive, dead_after = self.settings.keepalive, self.settings.dead_after
        if self._pinged_at is None:
            if now - self._heard >= keepalive:
                self._pinged_at = now
                self.connection.ping("keepalive")
        elif now - self._pinged_at >= max(dead_after - keepalive, 0):
            # Asked, and not a line since.
            log.warning("no word from the server in %g s; reconnecting", dead_after)
            self._pinged_at = None
            # As a reset connection: the library's disconnect event reconnects with backoff.
            self.connection.disconnect(f"no word from the server in {dead_after:g} s")
        # Connected as "nick_" (the nick was taken: often the bot's own ghost, until the server times
        # it out): ask for the nick back now and then, not so often that the server counts a nick flood.
        # (Only after falling back: a server that cut a long nick to its length would refuse it forever.)
        wanted = self.settings.config.nick
        if (self._welcomed and self._fell_back and self.connection.get_nickname() != wanted
                and time.monotonic() - self._asked_nick_back >= self.settings.keepalive):
            self._asked_nick_back = time.monotonic()
            self.connection.nick(wanted)

    def _connected_a_while(self, connection_number: int) -> None:
        if connection_number == self._connections and self.connection.is_connected():
            self.recon.attempt_count = itertools.count(1)

    def on_disconnect(self, connection, event):
        self._connections += 1
        self.joined = False
        self._welcomed = self._fell_back = False
        self._fallbacks = fallback_nicks(self.settings.config.nick)
        reason = " ".join(event.arguments)
        if reason:
            log.warning("disconnected (%s); reconnecting with backoff", reason)
        else:  # the library's event after a connection that could not be made (said why above)
            log.warning("not connected; trying again with backoff")

    def on_pubmsg(self, connection, event):
        self._say_all(self.session.heard(event.source.nick, event.target, event.arguments[0]))

    def on_privmsg(self, connection, event):
        self._say_all(self.session.heard(event.source.nick, event.target, event.arguments[0]))

    def on_action(self, connection, event):
        text = event.arguments[0] if event.arguments else ""
        self._say_all(self.session.heard(event.source.nick, event.target, text, action=True))
