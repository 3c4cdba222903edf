"""The command line's own behaviour: global options, the plain launch of the app."""

from __future__ import annotations

from pathlib import Path


def test_plain_launch_parses_global_options_without_subcommands(
    monkeypatch, tmp_path: Path
) -> None:
    """`ethics-trainer --data-dir D` starts the app with D; a subcommand still works after them."""
    import ethics_trainer.cli.main as cli
    import ethics_trainer.ui.app as app

    seen: list[object] = []
    monkeypatch.setattr(app, "run_gui", lambda paths: seen.append(paths) or 0)
    assert cli.main(["--data-dir", str(tmp_path / "d"), "--content", str(tmp_path)]) == 0
    assert seen and seen[0].data_dir == (tmp_path / "d").resolve()
    assert cli._only_global_options(["--data-dir", "x"])
    assert not cli._only_global_options(["--data-dir", "x", "check"])
    assert not cli._only_global_options(["--help"])


def test_a_launch_without_arguments_means_what_the_parser_would_make_of_it(
    monkeypatch, tmp_path: Path
) -> None:
    """No arguments skip building the parser (start-up time): the same options result."""
    import ethics_trainer.cli.main as cli
    import ethics_trainer.ui.app as app

    parsed = cli._global_parser().parse_args([])
    parsed.command = None
    assert cli.plain_launch_args() == parsed
    monkeypatch.setenv("ETHICS_TRAINER_DATA_DIR", str(tmp_path / "env"))
    seen: list[object] = []
    monkeypatch.setattr(app, "run_gui", lambda paths: seen.append(paths) or 0)
    assert cli.main([]) == 0
    assert seen and seen[0].data_dir == (tmp_path / "env").resolve()
