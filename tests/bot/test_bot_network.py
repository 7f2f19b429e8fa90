"""The bot and what the network does, against real miniircd servers on 127.0.0.1: TLS (a server that
speaks only TLS, with a certificate from a test CA, trustme, that the bot's system trust store holds
only when ``SSL_CERT_FILE`` says so, as a group with a private CA would set it), servers that are down
or never answer, and a connection dropped without a word."""

from __future__ import annotations

import logging
import socket
import ssl
import threading
import time
from dataclasses import replace
from datetime import datetime

import pytest
import trustme

from botkit import with_config
from ircserver import IrcServer, Peer, ScriptedServer, SilentDropProxy, free_port, is_join

CHANNEL = "#openstack-meeting-alt"
BOT = "tlsbot"
PING = "Architecture WG courtesy ping for nikhil, harlowja, rockyg, dstanek"


@pytest.fixture(scope="module")
def ca():
    return trustme.CA()


def tls_server(ca, folder, name: str, *identities: str) -> IrcServer:
    """miniircd speaking TLS with a certificate *ca* issued for *identities*."""
    issued = ca.issue_cert(*identities)
    chain, key = folder / f"{name}-chain.pem", folder / f"{name}-key.pem"
    chain.write_bytes(b"".join(blob.bytes() for blob in issued.cert_chain_pems))
    issued.private_key_pem.write_to_path(str(key))
    return IrcServer(tls=(str(chain), str(key))).start()


@pytest.fixture(scope="module")
def server(ca, tmp_path_factory):
    server = tls_server(ca, tmp_path_factory.mktemp("tls"), "good", "127.0.0.1")
    yield server
    server.close()


@pytest.fixture
def trusting(ca, tmp_path, monkeypatch):
    """The test CA in the trust store the bot's ``ssl.create_default_context`` loads (OpenSSL's SSL_CERT_FILE)."""
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    monkeypatch.setenv("SSL_CERT_FILE", str(path))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)


@pytest.fixture
def tls_peer(ca, closing):
    def make(server, nick):
        context = ssl.create_default_context()
        ca.configure_trust(context)
        return closing(Peer(server.port, nick, tls=context)).join(CHANNEL)

    return make


@pytest.fixture
def start_bot(settings, clock, caplog):
    """Start bots (stopped at the end), their log at INFO in *caplog*."""
    from archwg.bot.ircbot import MeetingBot

    caplog.set_level(logging.INFO, logger="archwg.bot")
    running = []

    def start(port, tls=True, nick=BOT, **runtime):
        changes = dict(server="127.0.0.1", port=port, tls=tls, nick=nick, burst=4, per_second=50.0,
                       reconnect_min=1, reconnect_max=2)
        bot_settings = replace(with_config(settings, **changes), tick=0.05, drain_every=0.02, **runtime)
        bot = MeetingBot(bot_settings, now=clock)
        thread = threading.Thread(target=bot.run, daemon=True)
        thread.start()
        running.append((bot, thread))
        return bot, thread

    yield start
    for bot, thread in running:
        bot.stop()
        thread.join(10)


def wait_for_log(caplog, text: str, count: int = 1, timeout: float = 10.0) -> list[str]:
    """The bot's log lines that hold *text*, once there are *count* of them."""
    deadline = time.monotonic() + timeout
    while True:
        found = [record.getMessage() for record in caplog.records
                 if record.name == "archwg.bot" and text in record.getMessage()]
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def test_the_bot_does_its_duties_over_tls(server, trusting, tls_peer, start_bot, clock):
    chair = tls_peer(server, "SpamapS")
    mark = len(chair.lines)
    start_bot(server.port)
    chair.wait_for(lambda line: is_join(line, BOT, CHANNEL), start=mark)
    clock.set(datetime(2017, 3, 23, 20, 0, 4))
    mark = len(chair.lines)
    chair.say(CHANNEL, "#startmeeting arch_wg")
    assert chair.wait_for_messages(BOT, 1, start=mark) == [PING]


def test_a_certificate_from_an_unknown_ca_is_refused_and_said(server, tls_peer, start_bot, caplog, monkeypatch,
                                                              tmp_path):
    # A trust store without the test CA: the system's own, as a fresh machine has it.
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "no-such-store.pem"))
    watcher = tls_peer(server, "rockyg")
    bot, thread = start_bot(server.port)
    refused = wait_for_log(caplog, "cannot connect", count=2)
    assert refused and refused[0] == (f"cannot connect to 127.0.0.1:{server.port}: the server's TLS certificate "
                                      "is not trusted (unable to get local issuer certificate)")
    assert len(refused) >= 2, "it tries again with backoff"
    assert wait_for_log(caplog, "not connected; trying again with backoff")
    watcher.quiet_for(0.3)
    assert not any(is_join(line, BOT, CHANNEL) for line in watcher.lines)
    assert thread.is_alive()


def test_a_certificate_for_another_host_is_refused(ca, tmp_path, trusting, start_bot, caplog, closing):
    other = closing(tls_server(ca, tmp_path, "other", "irc.example.org"))
    start_bot(other.port)
    refused = wait_for_log(caplog, "cannot connect")
    assert refused and "not trusted" in refused[0] and "127.0.0.1" in refused[0].split(": ", 1)[1]
    assert "mismatch" in refused[0].lower()


def test_a_server_that_never_answers_the_handshake_times_out_and_is_tried_again(start_bot, caplog, trusting,
                                                                                 closing):
    # It takes the connection and says nothing (a plain IRC server given TLS's first bytes does
    # so too): without a limit the bot, and its clock, would wait for good.
    listener = closing(socket.socket())
    listener.bind(("127.0.0.1", free_port()))
    listener.listen(8)
    bot, thread = start_bot(listener.getsockname()[1], socket_timeout=0.5)
    refused = wait_for_log(caplog, "cannot connect", count=2)
    assert len(refused) >= 2 and refused[0] == (
        f"cannot connect to 127.0.0.1:{listener.getsockname()[1]}: no answer in 0.5 s")
    bot.stop()
    thread.join(5)
    assert not thread.is_alive()


def test_a_server_that_is_down_is_said_so(start_bot, caplog):
    port = free_port()  # nothing listens there
    start_bot(port, tls=False)
    refused = wait_for_log(caplog, "cannot connect")
    assert refused and refused[0] == f"cannot connect to 127.0.0.1:{port}: Connection refused"


def joined_behind_a_proxy(start_bot, closing, **timing):
    """(the proxy, a peer in the channel) once the bot, connected through a proxy that can drop it
    without a word, has joined."""
    plain = closing(IrcServer().start())
    proxy = closing(SilentDropProxy(plain.port))
    watcher = closing(Peer(plain.port, "rockyg")).join(CHANNEL)
    start_bot(proxy.port, tls=False, **timing)
    watcher.wait_for(lambda line: is_join(line, BOT, CHANNEL))
    return proxy, watcher


def test_a_connection_dropped_without_a_word_is_found_dead_and_made_again(start_bot, caplog, closing):
    proxy, watcher = joined_behind_a_proxy(start_bot, closing, keepalive=0.2, dead_after=1.0)
    mark = len(watcher.lines)
    proxy.drop()  # the server sees the bot go; the bot hears nothing more, and no reset
    assert wait_for_log(caplog, "no word from the server in 1 s; reconnecting")
    # Joined again through a new connection, under its own nick (the server let the old one go).
    watcher.wait_for(lambda line: is_join(line, BOT, CHANNEL), start=mark)
    assert proxy.accepted == 2


def test_a_quiet_but_live_connection_is_kept(start_bot, caplog, closing):
    # Nobody speaks for several dead_after periods: the bot's pings get answers, and it stays.
    proxy, watcher = joined_behind_a_proxy(start_bot, closing, keepalive=0.2, dead_after=0.6)
    watcher.quiet_for(2.5)
    assert not wait_for_log(caplog, "no word from the server", timeout=0)
    assert proxy.accepted == 1


def test_the_nick_taken_at_connection_is_asked_back_and_had(start_bot, caplog, closing):
    # Its own ghost, as after a dropped connection on a network that keeps it until a ping timeout.
    plain = closing(IrcServer().start())
    ghost = Peer(plain.port, BOT)
    watcher = closing(Peer(plain.port, "rockyg")).join(CHANNEL)
    start_bot(plain.port, tls=False, keepalive=0.3, dead_after=5.0)
    watcher.wait_for(lambda line: is_join(line, f"{BOT}_", CHANNEL))
    watcher.quiet_for(1.0)  # asked back while the ghost holds it: kept as it is, and quietly
    assert not any(f" NICK " in line for line in watcher.lines)
    assert not wait_for_log(caplog, "is taken", count=2, timeout=0)[1:]
    ghost.close()
    watcher.wait_for(lambda line: line.startswith(f":{BOT}_!") and line.split(" ")[1] == "NICK"
                     and line.split(" ")[2].lstrip(":") == BOT)
    assert wait_for_log(caplog, f"got the nick {BOT} back")


def test_a_join_the_server_refuses_is_said_and_tried_again(start_bot, caplog, closing):
    plain = closing(IrcServer().start())
    keeper = closing(Peer(plain.port, "rockyg")).join(CHANNEL)
    keeper.send(f"MODE {CHANNEL} +k sesame")
    keeper.wait_for(lambda line: " MODE " in line and "+k" in line)
    start_bot(plain.port, tls=False, rejoin_after=0.3)
    refused = wait_for_log(caplog, "cannot join", count=2)
    assert refused[0] == f"cannot join {CHANNEL}: Cannot join channel (+k) - bad key; trying again in 0.3 s"
    assert len(refused) >= 2
    mark = len(keeper.lines)
    keeper.send(f"MODE {CHANNEL} -k")
    keeper.wait_for(lambda line: is_join(line, BOT, CHANNEL), start=mark)


def test_a_nick_the_server_refuses_is_said(start_bot, caplog, closing):
    plain = closing(IrcServer().start())
    start_bot(plain.port, tls=False, nick="9lives")  # a nick may not start with a digit
    refused = wait_for_log(caplog, "refuses the nick")
    assert refused == ["the server refuses the nick 9lives (Erroneous nickname): set another in archwg.toml "
                       "[bot] nick or --nick"]


def test_a_tls_record_cut_short_does_not_hold_the_bot(ca, trusting, start_bot, caplog, closing):
    # select() says the socket is readable when part of a TLS record came; the read then waits for the
    # rest, which a dropped network never sends. Only a time limit on the socket lets the bot go on.
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1").configure_cert(context)

    def answer(line, send):
        if line.startswith("JOIN"):
            send(f":{BOT}!bot@127.0.0.1 {line}")
            send(f":irc.test NOTICE {BOT} :a line whose TLS record is cut in two", cut=10)

    server = closing(ScriptedServer(answer, tls=context))
    bot, thread = start_bot(server.port, socket_timeout=0.5)
    assert wait_for_log(caplog, f"joined {CHANNEL}")
    assert wait_for_log(caplog, "disconnected (", timeout=5), "the bot waits for the rest of the record"
    bot.stop()
    thread.join(5)
    assert not thread.is_alive()


def test_the_nick_had_back_is_identified(start_bot, caplog, closing):
    # Connected as "nick_", "IDENTIFY <password>" would be for "nick_": services apply it to the nick worn.
    plain = closing(IrcServer().start())
    ghost = Peer(plain.port, BOT)
    services = closing(Peer(plain.port, "NickServ"))
    watcher = closing(Peer(plain.port, "rockyg")).join(CHANNEL)
    start_bot(plain.port, tls=False, keepalive=0.3, dead_after=5.0, password="s3cret")
    watcher.wait_for(lambda line: is_join(line, f"{BOT}_", CHANNEL))
    ghost.close()
    line = services.wait_for(lambda line: " PRIVMSG NickServ :IDENTIFY" in line)
    assert line.startswith(f":{BOT}!") and line.endswith(":IDENTIFY s3cret")
    services.quiet_for(0.3)
    assert [line for line in services.lines if "IDENTIFY" in line] == [line]  # not as "nick_" before


def test_a_fallback_too_long_for_the_network_gives_way_to_one_of_the_nicks_length(start_bot, caplog, closing):
    # miniircd takes nicks of up to 51 characters: "<51>_" is refused (432), "<50>_" is not.
    long_nick = "a" * 51
    plain = closing(IrcServer().start())
    ghost = closing(Peer(plain.port, long_nick))
    watcher = closing(Peer(plain.port, "rockyg")).join(CHANNEL)
    start_bot(plain.port, tls=False, nick=long_nick)
    watcher.wait_for(lambda line: is_join(line, "a" * 50 + "_", CHANNEL))
    assert wait_for_log(caplog, f"the server refuses the nick {long_nick}_ (Erroneous nickname); using "
                                f"{'a' * 50}_")
    assert not wait_for_log(caplog, "set another", timeout=0)  # the nick set is fine


def test_a_join_sent_on_to_another_channel_is_left_and_tried_again(start_bot, caplog, closing):
    joins = []

    def answer(line, send):
        if line.startswith("JOIN"):
            joins.append(line)
            if len(joins) == 1:  # Libera's +f: the bot lands in the overflow channel
                send(f":irc.test 470 {BOT} {CHANNEL} ##overflow :Forwarding to another channel")
                send(f":{BOT}!bot@127.0.0.1 JOIN ##overflow")
            else:
                send(f":{BOT}!bot@127.0.0.1 {line}")

    server = closing(ScriptedServer(answer))
    start_bot(server.port, tls=False, rejoin_after=0.3)
    assert wait_for_log(caplog, f"joined {CHANNEL}")
    assert wait_for_log(caplog, f"cannot join {CHANNEL}: sent on to ##overflow (Forwarding to another "
                                "channel); leaving it, trying again in 0.3 s")
    assert "PART ##overflow" in server.received
