"""Gerrit review states: configuration, REST client, pure model, queries and the offline snapshot."""
