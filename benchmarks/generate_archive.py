"""Generate a realistic archive of MeetBot logs for the meetings benchmark.

The archive looks like eavesdrop.openstack.org's: many meeting series, each
meeting a ``.log.txt`` under ``<series>/<year>/<series>.YYYY-MM-DD-HH.MM.log.txt``,
years of weekly or biweekly meetings. Each meeting follows the Architecture
WG's habit (seed 000): the bot's opening lines, a courtesy ping, the chair
reading last meeting's action items out as ``* ...`` lines under
``#topic previous meeting action items`` and re-recording the ones not done
with ``(Carried since Feb 9 2017)``, then topics with chat, /me lines, URLs,
``#info``/``#link``/``#agreed``, new ``#action`` items, the odd ``#undo``,
``proposed #action`` in mid-line and some unicode.

The generator simulates the carry itself, so it knows what ``archwg
carry-actions`` must answer: ``manifest.json`` lists, per series, the number
of meetings, ``#action`` lines and recorded action items (after ``#undo``),
and the items still open after the last meeting with their ``since``.

Everything is deterministic for a given seed: one ``random.Random``, no
clock, no set iteration. Run ``python benchmarks/generate_archive.py --help``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from difflib import SequenceMatcher
from pathlib import Path
from random import Random

# Bump when the generated text changes, so a cached archive is regenerated.
GENERATOR_VERSION = 1
DEFAULT_SEED = 2017
DEFAULT_OUT = Path(__file__).resolve().parent / "out" / "archive"


def manifest_path(out: Path) -> Path:
    """Next to the archive, not in it: archwg reads every file of the folder it is given."""
    return out.parent / f"{out.name}.manifest.json"

# --- The people and the series -------------------------------------------------

# The Architecture WG as seed 000 shows it; rocky_g is how action items name rockyg.
ARCH_WG_PEOPLE = ("SpamapS", "cdent", "rockyg", "harlowja", "dstanek", "kragniz", "auggy", "kgiusti",
                  "thingee", "denaitre", "bastafidli", "ttx", "dtroyer", "nikhil")
# Invented handles for the other series: not English words, so that owner
# matching (whole-word nicks in the action text) is never fooled by the vocabulary.
OTHER_PEOPLE = ("zarak", "mpetrov", "obi1", "lgarcia", "tkaneko", "achen", "jdoe_", "rpatel", "snowfox",
                "hvu", "ikaur", "dmuller", "bsato", "fnovak", "ekim", "pwozniak", "qlin", "oadeyemi",
                "vrossi", "kmaeda", "yhara", "gsilva", "nbakr", "tlind", "ejohansson", "wmaas", "cfoley",
                "arojas", "dkowal", "sberg")

SERIES_NAMES = ("arch_wg", "containers", "glance", "api_sig", "placement", "oslo", "infra", "tc",
                "keystone", "nova_cells", "swift", "neutron_drivers", "cinder", "ironic", "heat",
                "fedora_iot_working_group_meeting", "magazine", "fedora_qa", "council", "kolla",
                "manila", "octavia", "barbican", "designate", "trove", "zaqar", "senlin", "mistral",
                "freezer", "monasca")
# Series run by Fedora's zodbot instead of OpenStack's bot: its opening lines differ.
ZODBOT_SERIES = ("fedora_iot_working_group_meeting", "magazine", "fedora_qa", "council")

# --- Vocabulary -----------------------------------------------------------------

ACTION_VERBS = (
    "send email regarding", "write up", "review", "submit a patch for", "draft a spec for",
    "update the etherpad on", "follow up with the PTL on", "collect feedback on", "socialize",
    "summarize the mailing list thread on", "ping the TC about", "file a bug against",
    "move {slug} to active status and add structure for", "submit analysis for", "resurrect",
    "find a champion for", "ask the operators about", "benchmark", "write a blog post on",
    "propose a Forum session on", "add a section to {slug} about", "check the gate failures in",
)
ACTION_OBJECTS = (
    "implementation bleed-through", "the DLM spec", "etcd-compute", "placement extraction",
    "nested resource providers", "idempotent DELETE in the API guidelines", "base-services",
    "error codes and logging improvements", "messaging patterns", "nova-compute-api",
    "the graph database evaluation", "the Zookeeper versus tooz comparison", "hierarchical quotas",
    "the PTG schedule", "cross-project specs", "the Cinder locking story", "service discovery",
    "microversion negotiation", "the upgrade checkers", "config option deprecations",
    "the shade and SDK overlap", "rolling upgrades for the scheduler", "multi-region keystone",
    "the proposal process", "policy in code", "healthcheck middleware", "oslo.messaging timeouts",
)
ACTION_QUALIFIERS = (
    "", "", "", "before the PTG", "by next meeting", "(stretch: submit as raw proposal)",
    "on the mailing list", "with the Cinder team", "for the Forum session", "and report back",
    "in #openstack-architecture", "with the Zürich ops team", "for the São Paulo summit",
    "and socialize appropriately", "as a patch to the {slug} work stream", "with numbers this time",
)
SPEC_SLUGS = ("nova-compute-api", "base-services", "dlm", "etcd-compute", "placement-extraction",
              "error-codes", "messaging-patterns")

TOPICS = (
    "PTG Recap", "OpenStack Specs check-in", "Proposal Process Review", "Proposals for work",
    "Active workstreams", "DLM status", "Placement extraction", "Forum planning", "Gate status",
    "Release countdown", "Bug triage", "Reviews needing attention", "Ops feedback",
    "Summit talks", "Documentation", "Python 3 migration", "Community goals",
)
CHAT = (
    "I don't recall seeing that. Carry?", "np, we'll carry it", "I did that, but it hasn't been +A'd yet",
    "Going to just consider that done", "did you get to any of that?", "That's done and PTG is done. :)",
    "Yes and no.  Got some time at the Ops midcycle for working on that stuff.",
    "do you want to keep that here? I liked the idea. :)", "cool, going a little off-agenda here",
    "are you familiar with the work that's been happening there?",
    "(I feel I may have mentioned this before, but it's been a long day)",
    "What I think I learned is that we're in a deadlock with DLM", "we need a DLM", "lol",
    "Cinder has added support, and _can_ be deployed with a tooz backend that supports its guarantees",
    "But can also survive without one", "this is a cultural rather than technical problem?",
    "ya, i'm unsure what to do here, half of this is education", "^ feels messed up", "very",
    "Replace the db with ZK/etcd and you no longer need to poll the DB or broadcast the hosts usages.",
    "It's pretty fundamental", "anyway", "indeed", "sounds good to me", "+1", "++", "o/", "thanks!",
    "I will say, placement being extracted into its own microservice makes it more likely",
    "and due to slowness of change, that's about a 3 cycle change to do anything",
    "We saw a mountain and we climbed it.", "Nested quotas is indeed a challenge with the db",
    "That one feels too high level for us to get too involved in.", "anyway, I'd like to move on",
    "We don't have proposals ATM", "Anybody else have stuff to bring up?", "no, thanks", "otherwise, nada",
    "I'd guess a lot of people are waiting to see the process go to its next steps.",
    "yeah, we have to establish more credibility.", "sorry, was in another meeting", "brb",
    "the gate is pretty unhappy today", "can someone take a look at my patch?", "ack",
    "I can take that one", "not this week, sorry", "let's punt that to next week", "fair enough",
    "my naïve reading of the spec says otherwise", "déjà vu, we talked about this last cycle",
    "that's a → b → c dependency chain, ugh", "✔ done", "thanks 🙂", "ありがとう", "Grüße aus Zürich",
    "how does that interact with microversions?", "we should write that down somewhere",
    "I have a draft, will push it after the meeting", "who is the PTL for that again?",
)
SLASH_ME = ("'s got nothin'", "waves", "is also procrastinating from a writing assignment",
            "pours everyone some coffee", "should have prepared ;-)", "is in two meetings at once",
            "lurks", "cannot really commit to anything this week")
URLS = ("https://review.openstack.org/{n}", "http://paste.openstack.org/show/{n}/",
        "https://etherpad.openstack.org/p/arch-wg-{n}", "http://lists.openstack.org/pipermail/openstack-dev/"
        "2017-February/{n}.html", "https://bugs.launchpad.net/nova/+bug/{n}")
INFO = ("next meeting will be in 2 weeks", "the Forum CFP closes on Friday", "specs freeze is next week",
        "the etherpad is linked from the agenda", "no meeting during the PTG week")
AGREED = ("we track the DLM spec until it merges", "proposals go to the specs repo, not the wiki",
          "keep the meeting biweekly", "base-services stays active")

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class SeriesPlan:
    meeting_id: str
    title: str
    chair: str
    cochair: str | None
    people: tuple[str, ...]  # who may attend, the chair first
    alias: tuple[str, str] | None  # (nick written in action items, nick the person speaks with)
    weekday: int  # 0 = Monday
    hour: int
    interval_days: int  # 7 weekly, 14 biweekly
    bot: str  # "openstack" or "zodbot"
    courtesy_ping: bool


@dataclass
class OpenItem:
    owners: tuple[str, ...]  # nicks as written in the text, first owner first
    text: str  # as written after #action, without any carried suffix
    since: date
    recorded: list[date]
    written: str  # the full text last written after #action, suffix included
    reviewed: bool = True


@dataclass
class SeriesState:
    plan: SeriesPlan
    next_date: date
    open_items: list[OpenItem] = field(default_factory=list)
    closed: list[dict] = field(default_factory=list)
    meetings: int = 0
    action_lines: int = 0  # lines whose message is an #action command, #undo'ne ones included
    actions_recorded: int = 0  # #action items the minutes keep (after #undo)
    undos: int = 0
    closed_today: list[str] = field(default_factory=list)  # texts the current meeting closed
    files: int = 0
    bytes: int = 0
    last_meeting: date | None = None


# --- Small text helpers ---------------------------------------------------------

def clock(seconds: int) -> str:
    seconds %= 24 * 3600
    hours, rest = divmod(seconds, 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


def asctime(moment: datetime) -> str:
    # time.asctime's layout, which MeetBot writes: "Thu Mar  9 20:01:06 2017".
    return (f"{WEEKDAYS[moment.weekday()]} {MONTHS[moment.month - 1]} {moment.day:2d} "
            f"{moment:%H:%M:%S} {moment.year}")


def human_date(day: date) -> str:
    """The group's spelling in the carried suffix: "Feb 9 2017"."""
    return f"{MONTHS[day.month - 1]} {day.day} {day.year}"


def carried_suffix(rng: Random, since: date) -> str:
    """Mostly the group's canonical suffix, sometimes one of the hand-written variants."""
    roll = rng.random()
    if roll < 0.85:
        return f"(Carried since {human_date(since)})"
    if roll < 0.92:
        return f"(Carried from {MONTHS[since.month - 1]} {since.year})"
    if roll < 0.96:
        return f"(carried over from {since.isoformat()})"
    return "[carried over]"


def normalized(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.lower()).strip()


# --- One meeting ------------------------------------------------------------------

class MeetingLog:
    """The lines of one meeting as MeetBot writes them to ``.log.txt``."""

    def __init__(self, start_seconds: int, rng: Random):
        self.seconds = start_seconds
        self.rng = rng
        self.lines: list[str] = []
        self.action_lines = 0

    def tick(self, low: int = 1, high: int = 40) -> None:
        self.seconds += self.rng.randint(low, high)

    def say(self, nick: str, text: str, *, same_second: bool = False) -> None:
        if not same_second:
            self.tick()
        self.lines.append(f"{clock(self.seconds)} <{nick}> {text}")
        if re.match(r"#action\b", text, re.IGNORECASE):
            self.action_lines += 1

    def me(self, nick: str, text: str) -> None:
        self.tick()
        self.lines.append(f"{clock(self.seconds)} * {nick} {text}")

    def text(self) -> str:
        # MeetBot joins its lines with "\n" and writes no final newline (seed 000).
        return "\n".join(self.lines)


class ArchiveGenerator:
    """Writes meetings of several series in date order until the archive reaches its size."""

    def __init__(self, out: Path, seed: int, target_bytes: int, series_count: int, start: date):
        self.out = out
        self.rng = Random(seed)
        self.target_bytes = target_bytes
        self.total_bytes = 0
        self.object_address = 0x3B9C850
        self.series = [SeriesState(plan, start + timedelta(days=(plan.weekday - start.weekday()) % 7))
                       for plan in self._plans(series_count)]

    def _plans(self, count: int) -> list[SeriesPlan]:
        plans = []
        for index in range(count):
            base = SERIES_NAMES[index % len(SERIES_NAMES)]
            meeting_id = base if index < len(SERIES_NAMES) else f"{base}_{index // len(SERIES_NAMES) + 1}"
            if base == "arch_wg":
                people, alias, chair = ARCH_WG_PEOPLE, ("rocky_g", "rockyg"), "SpamapS"
            else:
                size = self.rng.randint(6, 12)
                people = tuple(self.rng.sample(OTHER_PEOPLE, size))
                chair = people[0]
                alias = None
            plans.append(SeriesPlan(
                meeting_id=meeting_id,
                title="Architecture WG" if base == "arch_wg" else meeting_id.replace("_", " ").title(),
                chair=chair,
                cochair=people[1] if self.rng.random() < 0.3 else None,
                people=people,
                alias=alias,
                weekday=3 if base == "arch_wg" else self.rng.randint(0, 4),
                hour=20 if base == "arch_wg" else self.rng.randint(8, 21),
                interval_days=14 if base == "arch_wg" else self.rng.choice((7, 7, 14)),
                bot="zodbot" if base in ZODBOT_SERIES else "openstack",
                courtesy_ping=base not in ZODBOT_SERIES,
            ))
        return plans

    def run(self) -> dict:
        self.out.mkdir(parents=True, exist_ok=True)
        while self.total_bytes < self.target_bytes:
            # The series whose next meeting comes first: the archive grows in time order.
            state = min(self.series, key=lambda s: (s.next_date, s.plan.meeting_id))
            self._write_meeting(state)
        return self._manifest()

    # -- one meeting of a series

    def _write_meeting(self, state: SeriesState) -> None:
        plan, rng = state.plan, self.rng
        day = state.next_date
        state.next_date = day + timedelta(days=plan.interval_days)
        start = datetime(day.year, day.month, day.day, plan.hour, 0, 0) + timedelta(seconds=rng.randint(0, 180))
        log = MeetingLog(start.hour * 3600 + start.minute * 60 + start.second, rng)
        attendees = self._attendees(state)
        self._opening(log, plan, start, attendees)
        self._review(log, state, day, attendees)
        for _ in range(rng.randint(2, 5)):
            self._discussion_topic(log, state, day, attendees)
        self._closing(log, plan, attendees)

        path = self.out / plan.meeting_id / f"{day.year}" / (
            f"{plan.meeting_id}.{day.isoformat()}-{start.hour:02d}.{start.minute:02d}.log.txt")
        path.parent.mkdir(parents=True, exist_ok=True)
        data = log.text().encode("utf-8")
        path.write_bytes(data)
        state.meetings += 1
        state.files += 1
        state.bytes += len(data)
        state.action_lines += log.action_lines
        state.last_meeting = day
        self.total_bytes += len(data)

    def _attendees(self, state: SeriesState) -> list[str]:
        plan, rng = state.plan, self.rng
        others = [nick for nick in plan.people if nick != plan.chair]
        chosen = rng.sample(others, rng.randint(min(2, len(others)), min(7, len(others))))
        # Whoever shares an open item must be present: MeetBot only names owners
        # past the first word of the text when they are in the meeting.
        for item in state.open_items:
            for owner in item.owners[1:]:
                if owner not in chosen:
                    chosen.append(owner)
        if plan.cochair and plan.cochair not in chosen:
            chosen.append(plan.cochair)
        return [plan.chair] + chosen

    def _opening(self, log: MeetingLog, plan: SeriesPlan, start: datetime, attendees: list[str]) -> None:
        rng, bot, chair = self.rng, plan.bot, plan.chair
        log.seconds = start.hour * 3600 + start.minute * 60 + start.second
        log.lines.append(f"{clock(log.seconds)} <{chair}> #startmeeting {plan.meeting_id}")
        if bot == "zodbot":
            log.say(bot, f"Meeting started {asctime(start)} UTC.", same_second=True)
            log.say(bot, "This meeting is logged and archived in a public location.", same_second=True)
            log.say(bot, f"The chair is {chair}. Information about MeetBot at http://wiki.debian.org/MeetBot.",
                    same_second=True)
            log.say(bot, "Useful Commands: #action #agreed #halp #info #idea #link #topic.", same_second=True)
            log.say(bot, f"The meeting name has been set to '{plan.meeting_id}'", same_second=True)
        else:
            log.tick(0, 2)
            log.say(bot, f"Meeting started {asctime(start)} UTC and is due to finish in 60 minutes.  "
                         f"The chair is {chair}. Information about MeetBot at http://wiki.debian.org/MeetBot.",
                    same_second=True)
            log.say(bot, "Useful Commands: #action #agreed #help #info #idea #link #topic #startvote.")
            log.say(bot, f"The meeting name has been set to '{plan.meeting_id}'")
        if plan.cochair:
            log.say(chair, f"#chair {chair} {plan.cochair}")
            log.say(bot, f"Current chairs: {' '.join(sorted((chair, plan.cochair)))}")
        if rng.random() < 0.5:
            log.say(chair, f"#link https://wiki.openstack.org/wiki/Meetings/{plan.title.replace(' ', '-')}#Agenda")
        for nick in attendees:
            if rng.random() < 0.8:
                log.say(nick, rng.choice(("o/", "\\o", "hi", "o/ hello", "morning", "yo yo", "hey")))
        if plan.courtesy_ping:
            log.say(chair, f"{plan.title} courtesy ping for {', '.join(plan.people[1:])}")

    def _review(self, log: MeetingLog, state: SeriesState, day: date, attendees: list[str]) -> None:
        """Last meeting's action items: read out, then closed or carried; a skipped review reviews nothing."""
        plan, rng, chair = state.plan, self.rng, state.plan.chair
        state.closed_today = []
        for item in state.open_items:
            item.reviewed = False
        if rng.random() < 0.12:
            return  # this meeting never gets to the action items: they stay open, not reviewed
        log.say(chair, "#topic previous meeting action items")
        log.say(chair, f"#link http://eavesdrop.openstack.org/meetings/{plan.meeting_id}/{day.year}/")
        if not state.open_items:
            log.say(chair, "No action items from last time.")
            return
        still_open = []
        for item in state.open_items:
            if rng.random() < 0.1:
                still_open.append(item)  # the chair forgot this one: open, not reviewed
                continue
            item.reviewed = True
            prefix = "* ACTION: " if rng.random() < 0.15 else "* "
            log.say(chair, prefix + item.written)
            self._chat(log, attendees, rng.randint(1, 4), owner=self._speaker(plan, item, attendees))
            if rng.random() < 0.45:
                log.say(chair, rng.choice(("Going to just consider that done", "cool, that's done",
                                           "done, thanks", "THat's done :)")))
                state.closed.append({"owners": list(item.owners), "text": item.text,
                                     "since": item.since.isoformat(), "closed": day.isoformat()})
                state.closed_today.append(item.text)
                continue
            log.say(chair, rng.choice(("np, we'll carry it", "Carry?", "ok, carrying that one")))
            text = item.text
            if rng.random() < 0.05:
                text = text + "."  # a hand-made edit that normalization ignores
            item.written = f"{text} {carried_suffix(rng, item.since)}"
            self._record_action(log, state, chair, item.written)
            item.recorded.append(day)
            still_open.append(item)
        state.open_items = still_open

    @staticmethod
    def _speaker(plan: SeriesPlan, item: OpenItem, attendees: list[str]) -> str | None:
        """The owner who answers the read-out, by the nick they speak with, if present."""
        for owner in item.owners:
            spoken = plan.alias[1] if plan.alias and plan.alias[0] == owner else owner
            if spoken in attendees:
                return spoken
        return None

    def _discussion_topic(self, log: MeetingLog, state: SeriesState, day: date, attendees: list[str]) -> None:
        rng, chair = self.rng, state.plan.chair
        log.say(chair, f"#topic {rng.choice(TOPICS)}")
        for _ in range(rng.randint(10, 70)):
            roll = rng.random()
            speaker = rng.choice(attendees)
            if roll < 0.03:
                log.me(speaker, rng.choice(SLASH_ME))
            elif roll < 0.06:
                log.say(speaker, rng.choice(URLS).format(n=rng.randint(100000, 999999)))
            elif roll < 0.075:
                log.say(chair, f"#info {rng.choice(INFO)}")
            elif roll < 0.09:
                log.say(speaker, f"#link {rng.choice(URLS).format(n=rng.randint(100000, 999999))}")
            elif roll < 0.097:
                log.say(chair, f"#agreed {rng.choice(AGREED)}")
            elif roll < 0.1:
                log.say(speaker, f"proposed #action {rng.choice(ACTION_OBJECTS)} gets a spec")
            elif roll < 0.115:
                self._new_action(log, state, day, attendees)
            else:
                self._chat(log, attendees, 1)

    def _new_action(self, log: MeetingLog, state: SeriesState, day: date, attendees: list[str]) -> None:
        rng, plan = self.rng, state.plan
        owners, text = self._action_text(state, attendees)
        recorder = plan.chair if rng.random() < 0.8 else rng.choice(attendees)
        if recorder == plan.chair and rng.random() < 0.08:
            # A slip corrected at once: MeetBot's #undo drops the last item recorded.
            self._record_action(log, state, recorder, text.replace(" ", "  ", 1) + " (oops)", counted=False)
            log.say(recorder, rng.choice(("oops, typo", "argh", "wait, wrong one")))
            log.say(recorder, "#undo")
            log.say(plan.bot, f"Removing item from minutes: <ircmeeting.items.Action object at {self._address()}>")
            state.undos += 1
        self._record_action(log, state, recorder, text)
        state.open_items.append(OpenItem(owners=owners, text=text, since=day, recorded=[day], written=text))

    def _record_action(self, log: MeetingLog, state: SeriesState, nick: str, text: str, counted: bool = True) -> None:
        command = "#ACTION" if self.rng.random() < 0.03 else "#action"
        log.say(nick, f"{command} {text}")
        if counted:
            state.actions_recorded += 1

    def _address(self) -> str:
        self.object_address += self.rng.randint(0x100, 0x10000)
        return hex(self.object_address)

    def _action_text(self, state: SeriesState, attendees: list[str]) -> tuple[tuple[str, ...], str]:
        """A new item's owners and text, never close enough to an open item to be taken for it."""
        rng, plan = self.rng, state.plan
        for _ in range(50):
            verb = rng.choice(ACTION_VERBS).format(slug=rng.choice(SPEC_SLUGS))
            phrase = f"{verb} {rng.choice(ACTION_OBJECTS)}"
            qualifier = rng.choice(ACTION_QUALIFIERS).format(slug=rng.choice(SPEC_SLUGS))
            if qualifier:
                phrase = f"{phrase} {qualifier}"
            roll = rng.random()
            present = [nick for nick in attendees if nick != plan.chair] or attendees
            if roll < 0.08:
                owners: tuple[str, ...] = ()
                text = phrase[0].upper() + phrase[1:]
            elif roll < 0.18 and len(present) >= 2:
                first, second = rng.sample(present, 2)
                owners = (first, second)
                text = f"{first} and {second} to {phrase}"
            else:
                owner = rng.choice(present + [plan.chair])
                if plan.alias and owner == plan.alias[1] and rng.random() < 0.7:
                    owner = plan.alias[0]  # the group writes rocky_g in action items
                elif rng.random() < 0.05:
                    owner = rng.choice(plan.people)  # #action for somebody absent (nikhil)
                owners = (owner,)
                text = f"{owner} {'to ' if rng.random() < 0.6 else ''}{phrase}"
            if self._distinct(text, state):
                return owners, text
        raise RuntimeError(f"could not invent a distinct action item for {plan.meeting_id}")

    @staticmethod
    def _distinct(text: str, state: SeriesState) -> bool:
        wanted = normalized(text)
        # Items closed by this meeting's review count too: a recording that close
        # to one would read as that item carried, not as a new one.
        for other in [item.text for item in state.open_items] + state.closed_today:
            matcher = SequenceMatcher(None, wanted, normalized(other))
            # Far below the carry's 0.85 so that no two open items can be confused.
            if matcher.quick_ratio() >= 0.7 and matcher.ratio() >= 0.7:
                return False
        return True

    def _chat(self, log: MeetingLog, attendees: list[str], count: int, owner: str | None = None) -> None:
        rng = self.rng
        for index in range(count):
            speaker = owner if owner and index == 0 else rng.choice(attendees)
            line = rng.choice(CHAT)
            addressee = rng.choice(attendees)
            if addressee != speaker and rng.random() < 0.15:
                line = f"{addressee}: {line}"
            log.say(speaker, line)

    def _closing(self, log: MeetingLog, plan: SeriesPlan, attendees: list[str]) -> None:
        rng, chair = self.rng, plan.chair
        log.say(chair, "#topic Open Discussion")
        log.say(chair, "Anybody else have stuff to bring up?")
        self._chat(log, attendees, rng.randint(0, 6))
        if plan.interval_days == 14 and rng.random() < 0.5:
            log.say(chair, "#info next meeting will be in 2 weeks")
        log.say(chair, "thanks everyone for continuing to work on things here!")
        if rng.random() < 0.98:
            log.say(chair, "#endmeeting")
        # else: the file stops here, as a log cut off by a netsplit does

    def _manifest(self) -> dict:
        series = {}
        for state in self.series:
            if not state.meetings:
                continue
            series[state.plan.meeting_id] = {
                "meetings": state.meetings,
                "files": state.files,
                "bytes": state.bytes,
                "action_lines": state.action_lines,
                "actions_recorded": state.actions_recorded,
                "undos": state.undos,
                "last_meeting": state.last_meeting.isoformat() if state.last_meeting else None,
                "alias": list(state.plan.alias) if state.plan.alias else None,
                "open": [
                    {"owners": list(item.owners), "text": item.text, "since": item.since.isoformat(),
                     "recorded": [day.isoformat() for day in item.recorded], "reviewed": item.reviewed}
                    for item in state.open_items
                ],
                "closed": state.closed,
            }
        return {"total_bytes": self.total_bytes, "files": sum(s["files"] for s in series.values()),
                "meetings": sum(s["meetings"] for s in series.values()), "series": series}


def default_series_count(target_bytes: int) -> int:
    """About 5 MB a series (a few hundred meetings), between 3 and 40 series."""
    return max(3, min(40, target_bytes // 5_000_000))


def generate_archive(out: Path, size_mb: float = 200, seed: int = DEFAULT_SEED, series: int | None = None,
                     start: date = date(2014, 1, 6), force: bool = False) -> dict:
    """Write the archive under *out* (once: reused while seed, size and version match) and return its manifest."""
    target = int(size_mb * 1_000_000)
    series_count = series or default_series_count(target)
    wanted = {"generator_version": GENERATOR_VERSION, "seed": seed, "size_mb": size_mb,
              "series_count": series_count, "start": start.isoformat()}
    manifest_file = manifest_path(out)
    if not force and manifest_file.is_file():
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
        if all(manifest.get(key) == value for key, value in wanted.items()):
            return manifest
    manifest_file.unlink(missing_ok=True)
    if out.exists():
        _remove_generated(out)
    manifest = ArchiveGenerator(out, seed, target, series_count, start).run()
    manifest = {**wanted, **manifest}
    manifest_file.write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    return manifest


def _remove_generated(out: Path) -> None:
    """Remove a previous archive: only the files this generator writes, never anything else."""
    for path in sorted(out.rglob("*.log.txt"), reverse=True):
        path.unlink()
    for folder in sorted((p for p in out.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


# --- One real series, re-dated --------------------------------------------------

# A real meeting written live by Fedora's zodbot (tests/data/realworld/fedora/):
# copied once a week, its file name and the bot's greeting re-dated, it makes
# a series of real logs of any length.
REAL_LOG = Path(__file__).resolve().parent.parent / "tests" / "data" / "realworld" / "fedora" / (
    "magazine.2020-06-10-12.02.log.txt")
REAL_GREETING = b"Meeting started Wed Jun 10 12:02:26 2020 UTC."


def generate_redated_series(out: Path, meetings: int = 2000, last: date = date(2020, 6, 10)) -> dict:
    """*meetings* weekly copies of the Fedora magazine log under *out*, the last on *last*; reused when there."""
    data = REAL_LOG.read_bytes()
    if REAL_GREETING not in data:
        raise ValueError(f"{REAL_LOG}: the greeting to re-date is not there")
    stamp = out.parent / f"{out.name}.manifest.json"
    wanted = {"generator_version": GENERATOR_VERSION, "meetings": meetings, "last": last.isoformat(),
              "source_bytes": len(data)}
    if stamp.is_file() and out.is_dir():
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
        if all(recorded.get(key) == value for key, value in wanted.items()):
            return recorded
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("magazine.*.log.txt"):
        old.unlink()
    total = 0
    files = []
    for index in range(meetings):
        day = last - timedelta(weeks=meetings - 1 - index)
        moment = datetime.combine(day, datetime.min.time()).replace(hour=12, minute=2, second=26)
        greeting = f"Meeting started {asctime(moment)} UTC.".encode("ascii")
        path = out / f"magazine.{day.isoformat()}-12.02.log.txt"
        body = data.replace(REAL_GREETING, greeting, 1)
        path.write_bytes(body)
        total += len(body)
        files.append(path.name)
    recorded = {**wanted, "bytes": total, "files": len(files), "newest": files[-1]}
    stamp.write_text(json.dumps(recorded, indent=1), encoding="utf-8")
    return recorded


GREETING = re.compile(rb"Meeting started \w{3} \w{3} +\d{1,2} (\d\d):(\d\d):(\d\d) \d{4}")
LOG_NAME = re.compile(r"^(?P<series>.+)\.(?P<day>\d{4}-\d\d-\d\d)-(?P<clock>\d\d\.\d\d)\.log\.txt$")


def next_meeting(newest: Path, days: int = 7) -> Path:
    """A copy of the log *newest*, held *days* later: file name and bot greeting re-dated. Returns its path."""
    found = LOG_NAME.match(newest.name)
    if found is None:
        raise ValueError(f"{newest}: not a MeetBot .log.txt name")
    day = date.fromisoformat(found["day"]) + timedelta(days=days)
    data = newest.read_bytes()
    greeting = GREETING.search(data)
    if greeting is not None:
        moment = datetime(day.year, day.month, day.day, *(int(part) for part in greeting.groups()))
        data = data[: greeting.start()] + f"Meeting started {asctime(moment)}".encode() + data[greeting.end():]
    path = newest.with_name(f"{found['series']}.{day.isoformat()}-{found['clock']}.log.txt")
    path.write_bytes(data)
    return path


# --- One huge channel log ----------------------------------------------------------

def generate_channel_log(path: Path, gigabytes: float, seed: int = DEFAULT_SEED) -> dict:
    """One run-of-the-mill meeting of *gigabytes* GB: mostly chat, a command now and then.

    Written in chunks so that the generator itself stays small in memory.
    Reused when a file of that size and seed is already there.
    """
    target = int(gigabytes * 1_000_000_000)
    stamp = path.with_suffix(".json")
    if path.is_file() and stamp.is_file():
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
        if recorded.get("seed") == seed and recorded.get("target") == target \
                and recorded.get("generator_version") == GENERATOR_VERSION:
            return recorded
    rng = Random(seed)
    people = ("SpamapS",) + tuple(rng.sample(OTHER_PEOPLE, 24))
    chair = people[0]
    # A pool of ready-made message bodies keeps the generator fast; the timestamps vary.
    pool = []
    for _ in range(4096):
        roll = rng.random()
        nick = rng.choice(people)
        if roll < 0.03:
            pool.append(f"* {nick} {rng.choice(SLASH_ME)}")
        elif roll < 0.05:
            pool.append(f"<{nick}> {rng.choice(URLS).format(n=rng.randint(100000, 999999))}")
        else:
            pool.append(f"<{nick}> {rng.choice(CHAT)}")
    start = datetime(2017, 3, 9, 20, 1, 6)
    seconds = 20 * 3600 + 60 + 6
    written = 0
    lines = 0
    actions = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        head = [f"{clock(seconds)} <{chair}> #startmeeting openstack_meeting",
                f"{clock(seconds)} <openstack> Meeting started {asctime(start)} UTC and is due to finish in "
                f"60 minutes.  The chair is {chair}. Information about MeetBot at http://wiki.debian.org/MeetBot.",
                f"{clock(seconds)} <openstack> The meeting name has been set to 'openstack_meeting'"]
        block = head
        while written < target:
            for _ in range(2000):
                seconds += rng.randint(0, 20)
                lines += 1
                if lines % 2500 == 0:
                    block.append(f"{clock(seconds)} <{chair}> #topic {rng.choice(TOPICS)}")
                elif lines % 700 == 0:
                    actions += 1
                    block.append(f"{clock(seconds)} <{chair}> #action {rng.choice(people[1:])} to "
                                 f"{rng.choice(ACTION_VERBS).format(slug='dlm')} {rng.choice(ACTION_OBJECTS)}")
                elif lines % 400 == 0:
                    block.append(f"{clock(seconds)} <{chair}> #info {rng.choice(INFO)}")
                else:
                    block.append(f"{clock(seconds)} {rng.choice(pool)}")
            data = ("\n".join(block) + "\n").encode("utf-8")
            handle.write(data)
            written += len(data)
            block = []
        tail = f"{clock(seconds + 5)} <{chair}> #endmeeting".encode("utf-8")
        handle.write(tail)
        written += len(tail)
    recorded = {"generator_version": GENERATOR_VERSION, "seed": seed, "target": target, "bytes": written,
                "actions": actions, "path": str(path)}
    stamp.write_text(json.dumps(recorded, indent=1), encoding="utf-8")
    return recorded


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"archive folder (default {DEFAULT_OUT})")
    parser.add_argument("--size-mb", type=float, default=200, help="archive size in MB (default 200)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--series", type=int, default=None, help="number of meeting series (default: size / 5 MB)")
    parser.add_argument("--force", action="store_true", help="regenerate even when the archive is up to date")
    args = parser.parse_args(argv)
    manifest = generate_archive(args.out, args.size_mb, args.seed, args.series, force=args.force)
    print(f"{args.out}: {len(manifest['series'])} series, {manifest['meetings']} meetings, "
          f"{manifest['total_bytes'] / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
