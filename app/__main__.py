"""``python -m app`` runs the ``clientdesk`` command (used by the frozen build too)."""

from app.cli.main import main

if __name__ == "__main__":
    main()
