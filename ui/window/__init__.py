"""The main window's frame: header, tabs, status bar, vendor checks, help."""
