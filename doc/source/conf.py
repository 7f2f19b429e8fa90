"""Sphinx configuration for the Architecture Working Group's spec site.

The specs live at the top of the repository (specs/ and workstreams/); this
directory reaches them through the symlinks ``specs`` and ``workstreams``, as
openstack/nova-specs does, so a spec is written once and rendered as is.

Each spec's metadata (Kind, Status, Champion, ...) is a field list right under
its title. Sphinx builds with docutils' doctitle_xform off, so the field list
stays inside the title's section; archwg.sphinxext reads it there (or from
env.metadata for a docinfo field list above the title) and replaces it with
the metadata box: kind, status, champion, each change's review state, a
pending status move and the open action items that name the spec.
"""

project = "Architecture Working Group"
copyright = "OpenStack Architecture Working Group contributors"
author = "OpenStack Architecture Working Group"

# archwg.sphinxext reads the repository above this folder (archwg_repository to
# name another), the Gerrit snapshot and the meeting logs: the site builds
# offline with -W, with or without a snapshot.
extensions = ["archwg.sphinxext"]

# Without a snapshot the pages say so; that is no reason to fail a -W build.
suppress_warnings = ["archwg.no-snapshot"]

root_doc = "index"
source_suffix = {".rst": "restructuredtext"}
exclude_patterns = []

html_theme = "alabaster"
html_title = project
html_theme_options = {
    "description": "Specs, workstreams and meetings",
    "show_related": True,
}
html_static_path = []
html_show_sourcelink = True
