"""``python -m ui`` runs the ``clientdesk`` command: the window, or a command when given one."""

import multiprocessing

from ui.start import main

if __name__ == "__main__":
    # A frozen bundle starts the cache's writer process (app.sync.writer_process) by running
    # itself again: this hands such a run to multiprocessing before anything else happens.
    multiprocessing.freeze_support()
    main()
