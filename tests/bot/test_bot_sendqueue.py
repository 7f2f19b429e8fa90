"""The send queue: a burst, then the rate; order kept, nothing lost or merged."""

import pytest

from archwg.bot.sendqueue import SendQueue


class Ticks:
    def __init__(self):
        self.value = 0.0

    def __call__(self):
        return self.value


def test_burst_then_one_a_second():
    ticks = Ticks()
    queue = SendQueue(burst=4, per_second=1.0, clock=ticks)
    for number in range(10):
        queue.put("#chan", f"line {number}")
    assert [text for _, text in queue.take()] == ["line 0", "line 1", "line 2", "line 3"]
    assert queue.take() == []
    ticks.value = 0.5
    assert queue.take() == []
    ticks.value = 1.0
    assert [text for _, text in queue.take()] == ["line 4"]
    ticks.value = 3.0
    assert [text for _, text in queue.take()] == ["line 5", "line 6"]
    ticks.value = 100.0
    assert [text for _, text in queue.take()] == ["line 7", "line 8", "line 9"]
    assert len(queue) == 0


def test_sixty_lines_in_order_at_the_rate():
    ticks = Ticks()
    queue = SendQueue(burst=4, per_second=1.0, clock=ticks)
    for number in range(60):
        queue.put("#chan", str(number))
    sent = []
    for second in range(0, 60):
        ticks.value = float(second)
        taken = queue.take()
        assert len(taken) <= (4 if second == 0 else 1)
        sent += [text for _, text in taken]
    assert sent == [str(number) for number in range(60)]


def test_an_idle_queue_saves_no_more_than_a_burst():
    ticks = Ticks()
    queue = SendQueue(burst=2, per_second=1.0, clock=ticks)
    ticks.value = 1000.0
    for number in range(5):
        queue.put("#chan", str(number))
    assert len(queue.take()) == 2


def test_bad_rates_are_refused():
    with pytest.raises(ValueError):
        SendQueue(burst=0)
    with pytest.raises(ValueError):
        SendQueue(per_second=0)


def test_a_full_queue_refuses_lines_and_keeps_the_first():
    queue = SendQueue(burst=4, per_second=1.0, clock=Ticks(), limit=3)
    assert [queue.put("#c", f"line {number}") for number in range(5)] == [True, True, True, False, False]
    assert queue.take() == [("#c", "line 0"), ("#c", "line 1"), ("#c", "line 2")]
    assert queue.put("#c", "line 5") is True


def test_the_bot_drops_beyond_500_queued_lines_with_one_warning(settings, caplog):
    from archwg.bot.ircbot import MeetingBot
    from archwg.bot.session import Say

    bot = MeetingBot(settings)
    bot._say_all([Say("#openstack-meeting-alt", f"* item {number}") for number in range(600)])
    assert len(bot.queue) == 500
    warnings = [record.getMessage() for record in caplog.records if record.levelname == "WARNING"]
    assert warnings == ["the send queue is full (500 lines): 100 dropped"]
