"""The offscreen self-test the CLI runs: it passes on real data and writes the screenshots."""

from __future__ import annotations

from followup_desktop.app.self_test import SHOT_NAMES, run_self_test


def test_self_test_passes_and_writes_one_png_per_view(filled, now, tmp_path, qapp):
    shots = tmp_path / "shots"
    assert run_self_test(filled, shots, now) == []
    written = {p.name for p in shots.iterdir()}
    assert set(SHOT_NAMES.values()) <= written
    for name in SHOT_NAMES.values():
        assert (shots / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_self_test_on_an_empty_database_without_screenshots(db, now, qapp):
    assert run_self_test(db, None, now) == []


def test_self_test_does_not_change_the_database(filled, now, qapp):
    from followup_desktop.store import queries

    before = queries.get_setting(filled, "window/geometry")
    run_self_test(filled, None, now)
    assert queries.get_setting(filled, "window/geometry") == before


def test_self_test_names_a_broken_builtin_template(db, now, tmp_path, monkeypatch, qapp):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "check_in.txt").write_text("Subject: Hi {{ role }}\n\nDear {{ contact.name ", "utf-8")
    (folder / "stay_in_touch.txt").write_text("Hello without a subject line\n", "utf-8")
    monkeypatch.setattr("followup_desktop.paths.templates_dir", lambda: folder)
    failures = run_self_test(db, None, now)
    assert len(failures) == 2
    assert failures[0].startswith("Template check_in.txt line 3:")
    assert failures[1] == "Template stay_in_touch.txt has no 'Subject:' first line."
