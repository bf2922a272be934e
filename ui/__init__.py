"""Clientdesk's Qt layer: windows, widgets and item models over the Qt-free core in ``app``."""
