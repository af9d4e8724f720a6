"""The tray (menu, badge, close-to-tray), the in-window banner, and how app/ wires them with the
reminder service. Offscreen there is no system tray: the icon is built but never shown."""

from __future__ import annotations

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QMainWindow, QToolBar

from followup_desktop.app import reminders_wiring as app_reminders
from followup_desktop.core.reminders import DueItem, Notice
from followup_desktop.store import queries, reminder_state
from followup_desktop.store.today_query import OVERDUE, TODAY, TodayItem
from followup_desktop.ui.shell import banner as banner_module
from followup_desktop.ui.shell.tray import MENU_ITEMS, CloseToTray, Tray, badge_icon, item_text
from tests.builders import NOW

THANK_YOU = "acme-be-1/thank_you/dana"


def due(n: int, hours: float, kind: str = "check_in") -> TodayItem:
    return TodayItem(
        f"f{n}", "acme-be", kind, NOW + timedelta(hours=hours), "America/New_York", "planned",
        False, "", "Acme & Co", "Backend Engineer", f"Person {n}",
    )  # fmt: skip


class Groups:
    """What store/today_query.TodayGroups answers the tray: counts and the first items."""

    def __init__(self, overdue: list[TodayItem], today: list[TodayItem]) -> None:
        self.lists = {OVERDUE: overdue, TODAY: today}
        self.asked: list[tuple[str, int, int | None]] = []

    def count(self, group: str) -> int:
        return len(self.lists[group])

    def items(self, group: str, start: int = 0, stop: int | None = None) -> list[TodayItem]:
        self.asked.append((group, start, stop))
        return self.lists[group][start:stop]


def blank_icon() -> QIcon:
    pixmap = QPixmap(64, 64)
    pixmap.fill(QColor("white"))
    return QIcon(pixmap)


def make_tray(items, paused=None) -> Tray:
    groups = Groups(*items)
    return Tray(blank_icon(), lambda: groups, lambda: (NOW, UTC), lambda: paused)


def texts(tray: Tray) -> list[str]:
    return [a.text() for a in tray.actions() if not a.isSeparator()]


def test_menu_lists_overdue_and_today_then_open_pause_quit(qtbot):
    tray = make_tray(([due(1, -30)], [due(2, -1), due(3, 2)]))
    tray.rebuild()
    assert texts(tray) == [
        "Overdue (1)",
        "Check-in to Person 1 — Acme && Co · yesterday 04:00 New York time (09:00 your time)",
        "Due today (2)",
        "Check-in to Person 2 — Acme && Co · 09:00 New York time (14:00 your time)",
        "Check-in to Person 3 — Acme && Co · 12:00 New York time (17:00 your time)",
        "&Open Follow-up Desktop",
        "Pause reminders for 1 &hour",
        "Pause reminders until &tomorrow",
        "&Quit",
    ]
    headers = [a for a in tray.actions() if a.text().startswith(("Overdue", "Due today"))]
    assert all(not a.isEnabled() for a in headers)
    with qtbot.waitSignal(tray.item_requested) as picked:
        tray.actions()[3].trigger()
    assert picked.args == ["f2"]
    with qtbot.waitSignal(tray.pause_requested) as paused:
        next(a for a in tray.actions() if "tomorrow" in a.text()).trigger()
    assert paused.args == ["tomorrow"]
    with qtbot.waitSignal(tray.quit_requested):
        tray.actions()[-1].trigger()
    with qtbot.waitSignal(tray.open_requested):
        next(a for a in tray.actions() if a.text().startswith("&Open")).trigger()
    tray.close()


def test_an_item_says_one_time_when_the_zones_agree_and_its_day_when_not_today(qtbot):
    new_york = ZoneInfo("America/New_York")  # the user in New York too
    tray = Tray(blank_icon(), lambda: Groups([], []), lambda: (NOW, new_york), lambda: None)
    assert item_text(due(1, 1), NOW, new_york) == (
        "Check-in to Person 1 — Acme && Co · 11:00 New York time"
    )
    assert item_text(due(2, -24 * 4), NOW, new_york).endswith("· Tue 17 Nov 10:00 New York time")
    tokyo = ZoneInfo("Asia/Tokyo")  # Sunday 00:00 there: New York's Saturday morning was
    assert item_text(due(3, -1.5), NOW, tokyo).endswith(  # yesterday evening in Tokyo
        "· 08:30 New York time (yesterday 22:30 your time)"
    )
    tray.close()


def test_long_lists_are_cut_and_an_empty_day_says_so(qtbot):
    groups = Groups([due(n, -30) for n in range(MENU_ITEMS + 3)], [])
    tray = Tray(blank_icon(), lambda: groups, lambda: (NOW, UTC), lambda: None)
    tray.rebuild()
    assert "3 more in the window…" in texts(tray)
    assert (OVERDUE, 0, MENU_ITEMS) in groups.asked  # only what the menu lists is read
    with qtbot.waitSignal(tray.today_requested):  # "more": the Today screen lists them all
        next(a for a in tray.actions() if a.text().endswith("more in the window…")).trigger()
    tray.items = lambda: Groups([], [])
    tray.rebuild()
    assert texts(tray)[0] == "Nothing due today"

    def broken():
        raise RuntimeError("database closed")

    tray.items = broken
    tray.rebuild()
    assert texts(tray)[0] == "Follow-ups could not be read"
    assert texts(tray)[-1] == "&Quit"
    tray.close()


def test_a_paused_tray_offers_resume_and_says_until_when(qtbot):
    tray = make_tray(([], []), paused=NOW + timedelta(hours=1))
    tray.rebuild()
    resume = next(a for a in tray.actions() if a.text().startswith("&Resume"))
    assert resume.text() == "&Resume reminders (paused until Sat 16:00)"
    tray.set_counts(2, 1)
    assert tray.icon.toolTip() == (
        "Follow-up Desktop: 2 due today · 1 overdue\nReminders paused until 16:00"
    )
    tray.close()


def _red_pixels(icon: QIcon) -> int:
    image = icon.pixmap(64, 64).toImage()
    return sum(
        1
        for x in range(32, 64)
        for y in range(0, 32)
        if (c := image.pixelColor(x, y)).red() > 180 and c.green() < 90
    )


def test_badge_shows_the_count_in_a_red_disc(qapp):
    assert _red_pixels(badge_icon(blank_icon(), 0)) == 0
    assert _red_pixels(badge_icon(blank_icon(), 3)) > 100
    assert _red_pixels(badge_icon(blank_icon(), 250)) > 100  # "99+"
    assert not badge_icon(QIcon(), 1).isNull()  # no base icon: a plain square with the badge


class FakeClose:
    """A close event as the window system sends it (spontaneous: the title-bar button)."""

    def __init__(self, spontaneous: bool) -> None:
        self._spontaneous, self.ignored = spontaneous, False

    def type(self):
        return QEvent.Type.Close

    def spontaneous(self) -> bool:
        return self._spontaneous

    def ignore(self) -> None:
        self.ignored = True


def test_closing_by_hand_hides_to_the_tray_closing_from_code_goes_through(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    closer = CloseToTray(window, lambda: True)
    hidden = []
    closer.hidden.connect(lambda: hidden.append(1))
    event = FakeClose(spontaneous=True)
    assert closer.eventFilter(window, event) is True
    assert event.ignored and not window.isVisible() and hidden == [1]
    assert closer.eventFilter(window, FakeClose(spontaneous=False)) is False
    closer.quitting = True
    assert closer.eventFilter(window, FakeClose(spontaneous=True)) is False
    no_tray = CloseToTray(window, lambda: False)
    assert no_tray.eventFilter(window, FakeClose(spontaneous=True)) is False
    closer.remove()
    no_tray.remove()


# --- the banner ---------------------------------------------------------------------------------


def test_banner_shows_one_item_with_its_answers_and_a_summary_with_show_all(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    banner = banner_module.install(window)
    bar = window.findChild(QToolBar, "reminderBar")
    assert bar is not None and not bar.isVisible()
    item = DueItem(
        "f1", "acme-be", "check_in", NOW, "America/New_York", "Acme", "Engineer", "Person 1"
    )
    banner.show_notice(
        Notice("Check-in to Person 1 (due now)", "Acme <b>\nline two", ("f1",), item)
    )
    assert bar.isVisible()
    assert "Acme &lt;b&gt;<br>line two" in banner.text.text()
    assert banner.open_button.text() == "Open draft" and banner.done_button.isVisibleTo(banner)
    with qtbot.waitSignal(banner.action) as answered:
        banner.done_button.click()
    assert answered.args == ["f1", "done"] and not bar.isVisible()
    banner.show_notice(Notice("2 follow-ups need you", "• a\n• b", ("f1", "f2")))
    assert banner.open_button.text() == "Show all"
    assert not banner.snooze_button.isVisibleTo(banner)
    with qtbot.waitSignal(banner.action) as answered:
        banner.open_button.click()
    assert answered.args == ["", "show"]
    banner.show_notice(Notice("x", "y"))
    banner.close_button.click()
    assert not bar.isVisible()


# --- the wiring in app/   -----------------------------------------------------------------------


@pytest.fixture
def wired(filled, make_window, now, monkeypatch):
    window = make_window(filled)
    monkeypatch.setattr(window, "raise_", lambda: None)  # offscreen warns "does not support"
    window.show()
    parts = app_reminders.attach_reminders(window, filled, lambda: now, tray=False, use_dbus=False)
    yield window, parts
    parts.close()


def test_without_a_tray_reminders_land_in_the_window_banner(qtbot, wired):
    window, parts = wired
    assert parts.tray is None and parts.closer is None
    assert QApplication.quitOnLastWindowClosed()  # the window closes the app as usual
    qtbot.waitUntil(lambda: parts.banner.notice is not None, timeout=2000)
    assert parts.banner.notice.ids == (THANK_YOU,)
    assert window.view("settings").reminders.describe_notifier() == (
        "Banner in the window. Reminders appear at the top of the window while it is open."
    )


def test_answers_snooze_mark_done_and_open(qtbot, wired, filled, monkeypatch, now):
    window, parts = wired
    parts.answer(THANK_YOU, "snooze")
    assert queries.get_followup(filled, THANK_YOU).status == "snoozed"
    assert "Snoozed" in window.statusBar().currentMessage()
    parts.answer(THANK_YOU, "done")
    assert queries.get_followup(filled, THANK_YOU).status == "done"

    opened = []
    monkeypatch.setattr(
        "followup_desktop.ui.draft.draft_dialog.open_draft",
        lambda parent, db, fid, clock, on_sent=None: opened.append((parent, fid)),
    )
    parts.answer("acme-be-1/check_in/dana", "open")
    qtbot.waitUntil(lambda: bool(opened), timeout=2000)
    assert opened == [(window, "acme-be-1/check_in/dana")]
    apps = []
    monkeypatch.setattr(window, "open_application", apps.append)
    parts.open_followup("acme-be-1/move_on_review")  # a reminder to oneself: no draft
    assert apps == ["acme-be"]
    parts.open_followup("gone")
    assert window.statusBar().currentMessage() == "That follow-up no longer exists."
    parts.answer("", "show")
    assert window.current_key() == "today"


def test_pause_from_the_tray_menu_tells_the_status_bar(wired, filled):
    window, parts = wired
    parts.pause("hour")
    assert window.statusBar().currentMessage() == "Reminders paused until Sat 16:00."
    assert reminder_state.load_prefs(filled).paused_until is not None
    parts.pause("resume")
    assert reminder_state.load_prefs(filled).paused_until is None


def test_with_a_tray_the_window_hides_to_it_and_says_so_once(
    qtbot, filled, make_window, now, monkeypatch
):
    monkeypatch.setattr(Tray, "show", lambda self: None)  # offscreen has no tray to show in
    window = make_window(filled)
    window.show()
    parts = app_reminders.attach_reminders(window, filled, lambda: now, tray=True, use_dbus=False)
    try:
        assert parts.tray is not None and parts.closer is not None
        assert not QApplication.quitOnLastWindowClosed()
        told = []
        monkeypatch.setattr(parts.chain, "show", told.append)
        parts.hidden_to_tray()
        parts.hidden_to_tray()
        assert [n.title for n in told] == ["Follow-up Desktop is still running"]
        assert reminder_state.tray_hint_shown(filled)
        qtbot.waitUntil(lambda: parts.tray.counts == (0, 1), timeout=2000)
        assert "1 overdue" in parts.tray.icon.toolTip()
        quits = []
        monkeypatch.setattr(QApplication, "quit", lambda: quits.append(1))
        parts.quit()
        assert not window.isVisible() and quits == [1]
    finally:
        parts.close()
    assert QApplication.quitOnLastWindowClosed()


def test_settings_shows_the_notifier_in_use(qtbot, wired):
    window, _ = wired
    panel = window.view("settings").reminders
    window.show_view("settings")
    assert panel.notifier.text().startswith("Banner in the window.")
