"""``python -m ui`` runs the ``clientdesk`` command: the window, or a command when given one."""

from ui.start import main

if __name__ == "__main__":
    main()
