"""Specs: the model, the docutils parser, the lint and the git-backed lifecycle."""
