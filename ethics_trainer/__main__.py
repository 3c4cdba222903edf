"""``python -m ethics_trainer`` does what the ``ethics-trainer`` command does."""

from ethics_trainer.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
