"""Launch the real app (``ethics_trainer.cli.main.main([])``) and close its window at the first
paint of the library, with the database still opening: run by test_exit_abort.

Data and content folders come from ETHICS_TRAINER_DATA_DIR / ETHICS_TRAINER_CONTENT. Prints
``LAUNCH-PAINTED`` when the window was painted.
"""

from __future__ import annotations

import sys


def main() -> int:
    from ethics_trainer.ui import main_window

    original_show = main_window.MainWindow.show

    def show(window) -> None:  # type: ignore[no-untyped-def]
        def painted() -> None:
            print("LAUNCH-PAINTED", flush=True)
            window.close()

        window.painted_with_library.connect(painted)
        original_show(window)

    main_window.MainWindow.show = show  # type: ignore[method-assign]
    from ethics_trainer.cli.main import main as cli_main

    return cli_main([])


if __name__ == "__main__":
    sys.exit(main())
