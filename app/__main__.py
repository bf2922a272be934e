"""``python -m app`` runs the headless ``clientdesk`` commands (no Qt needed, no window).

The window is opened by the GUI's entry point (``clientdesk`` or ``python -m ui``), which
hands commands to this same CLI: the core itself has no way into the Qt layer.
"""

import multiprocessing

from app.cli.main import main

if __name__ == "__main__":
    # A frozen bundle starts the cache's writer process (app.sync.writer_process) by running
    # itself again: this hands such a run to multiprocessing before anything else happens.
    multiprocessing.freeze_support()
    main()
