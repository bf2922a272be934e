"""The ``clientdesk`` command: headless commands, and the GUI when no command is given."""
