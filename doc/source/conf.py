"""Sphinx configuration for the Architecture Working Group's spec site.

The specs live at the top of the repository (specs/ and workstreams/); this
directory reaches them through the symlinks ``specs`` and ``workstreams``, as
openstack/nova-specs does, so a spec is written once and rendered as is.

docutils.conf next to this file keeps each spec's metadata field list visible
in the rendered page (see the comment there).
"""

project = "Architecture Working Group"
copyright = "OpenStack Architecture Working Group contributors"
author = "OpenStack Architecture Working Group"

# Only what ships with Sphinx: the site must build offline with -W.
extensions = []

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
