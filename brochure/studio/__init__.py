"""``brochure serve``: a local web page that shows the pages of every variant as they are
rebuilt, a brand editor and a content panel.

It sits on top of the build and is never imported by it: ``preview`` runs the same
incremental ``build`` as ``make`` and ``watch`` whenever an input is saved, ``brandedit``
reads and writes brand files, ``panel`` reports on the library, ``server`` is the HTTP side
(the standard library's threading server: a local tool for one person needs no framework,
and nothing here has to be upgraded in step with one).
"""
