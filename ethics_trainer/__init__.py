"""Ethics Trainer: public-service ethics training for Vietnamese officials.

Everything outside ``ethics_trainer.ui`` is Qt-free core code; ``tests/test_boundaries.py``
proves it.
"""

__version__ = "0.1.0"
APP_NAME = "ethics-trainer"
