"""Entry point of the packaged app: the same ``ethics-trainer`` command as the Python package."""

import multiprocessing

from ethics_trainer.cli.main import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # certificates use a process pool; frozen children need this
    raise SystemExit(main())
