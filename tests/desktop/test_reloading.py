"""The screens' reload rule (desktop/ui/reloading.py): a reload asked during one is never lost."""

from __future__ import annotations

from desktop.ui.reloading import Reloading


def test_a_reload_asked_while_one_runs_reads_again_once_when_it_ends() -> None:
    reads = Reloading()
    assert reads.stale and reads.begin()
    assert not reads.stale
    assert not reads.begin() and not reads.begin()  # asked twice meanwhile: one more reading
    assert reads.done() is True
    assert reads.begin()
    assert reads.done() is False


def test_a_failed_reading_does_not_start_another() -> None:
    reads = Reloading()
    reads.begin()
    reads.begin()
    reads.failed()
    assert not reads.running
    assert reads.begin() and reads.done() is False
