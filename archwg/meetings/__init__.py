"""Meetings: MeetBot log readers, the meeting model, action carrying, minutes, schedule, agenda."""
