"""Clientdesk's Qt layer: windows, widgets and item models over the Qt-free core in ``app``.

Also the ``clientdesk`` command itself (:mod:`ui.launch`), so that the core never needs a way
into this package. Importing ``ui`` or ``ui.launch`` loads no Qt: the window's modules do.
"""
