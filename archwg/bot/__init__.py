"""The meeting bot: courtesy pings, carried action items, answers, and the meeting's log.

Only ``ircbot.py`` imports the ``irc`` package (the ``archwg[bot]`` extra);
everything else here is pure or plain file I/O, so it is tested without a server.
"""
