"""archwg: the toolchain of an architecture working group."""

__version__ = "0.1.0"
