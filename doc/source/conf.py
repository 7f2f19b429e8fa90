"""Sphinx configuration for the Architecture Working Group's spec site.

The specs live at the top of the repository (specs/ and workstreams/); this
directory reaches them through the symlinks ``specs`` and ``workstreams``, as
openstack/nova-specs does, so a spec is written once and rendered as is.

Each spec's metadata (Kind, Status, Champion, ...) is a field list right under
its title. Plain docutils would turn that into "docinfo", which Sphinx hides as
page metadata. Sphinx builds with docutils' doctitle_xform off, so the title
stays a section and the field list sits inside it, where it renders as a normal
field list; only a field list *above* a title becomes metadata.
tests/test_repository.py builds the site and checks the fields are on each page.
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
