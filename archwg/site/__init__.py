"""The group's static status site (``archwg site``): the status report rendered with Jinja2."""
