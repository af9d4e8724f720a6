"""Scanning a large mbox with core/mail_files.iter_mbox, in a fresh process each run.

    python tests/benchmarks/bench_mail_files.py [--messages 20000] [--runs 3]

Generates a deterministic mbox (seeded) of N messages, 1 % of them replies from a known
employer: plain text, multipart/alternative with HTML, HTML only, some with a 40 KB PDF or an
invitation (.ics), non-UTF-8 bodies, RFC 2047 subjects and ">From " lines. Then reads every
message with ``iter_mbox`` in a child process and prints:
- seconds for the scan (inside the child, imports excluded) and messages per second;
- the child's peak RSS (GNU time), beside the floor of a child that only imports the module;
- the peak of Python allocations during the scan (tracemalloc, a separate run: it slows Python).
Budget (issue 17): 20,000 messages in < 10 s and < 200 MB peak memory. Asserts nothing.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import app_env, median, run

SECONDS_BUDGET = 10.0
MEMORY_BUDGET_MB = 200.0

SCAN = """
import json, sys, time, tracemalloc
from followup_desktop.core.mail_files import iter_mbox
traced = sys.argv[2] == "traced"
if traced:
    tracemalloc.start()
start = time.perf_counter()
count = replies = chars = 0
for message in iter_mbox(sys.argv[1]):
    count += 1
    replies += message.in_reply_to != ""
    chars += len(message.text)
seconds = time.perf_counter() - start
peak = tracemalloc.get_traced_memory()[1] / 1e6 if traced else 0.0
print(json.dumps({"seconds": seconds, "count": count, "replies": replies, "peak_mb": peak}))
"""
FLOOR = "import followup_desktop.core.mail_files"

_PDF = base64.encodebytes(random.Random(3).randbytes(30_000)).decode()
_ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\nMETHOD:REQUEST\r\n"
    "BEGIN:VEVENT\r\nUID:{n}@acme.example\r\nDTSTART:20261210T140000Z\r\n"
    "DTEND:20261210T150000Z\r\nSUMMARY:Interview\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
_WORDS = ["thanks", "for", "applying", "we", "invite", "you", "team", "salary", "remote", "offer"]


def _headers(n: int, rng: random.Random, reply: bool) -> str:
    sender = f"Priya Shah <priya{n % 50}@acme.example>" if reply else f"news{n}@shop.example"
    subject = " ".join(rng.choices(_WORDS, k=6))
    if n % 7 == 0:
        subject = "=?utf-8?q?Einladung_zum_Gespr=C3=A4ch?= " + subject
    lines = [
        f"From: {sender}",
        "To: Alex Morgan <alex@example.org>",
        f"Subject: {'Re: ' if reply else ''}{subject}",
        f"Date: Tue, {1 + n % 28:02d} Dec 2026 {n % 24:02d}:15:00 +0100",
        f"Message-ID: <m{n}@bench.example>",
        "MIME-Version: 1.0",
    ]
    if reply:
        lines.append(f"In-Reply-To: <sent{n}@example.org>")
        lines.append(f"References: <first{n}@example.org> <sent{n}@example.org>")
    return "\n".join(lines) + "\n"


def _body(rng: random.Random) -> str:
    paragraphs = [" ".join(rng.choices(_WORDS, k=40)) for _ in range(rng.randint(2, 8))]
    paragraphs.insert(1, "From the start of this thread, quoted:")  # escaped as >From below
    return "\n\n".join(paragraphs)


def message(n: int, rng: random.Random, reply: bool) -> str:
    head, body = _headers(n, rng, reply), _body(rng)
    shape = n % 20
    if shape < 10:  # plain text
        return head + "Content-Type: text/plain; charset=utf-8\n\n" + body
    if shape < 16:  # multipart/alternative
        html = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
        return head + (
            f'Content-Type: multipart/alternative; boundary="b{n}"\n\n'
            f"--b{n}\nContent-Type: text/plain; charset=utf-8\n\n{body}\n"
            f"--b{n}\nContent-Type: text/html; charset=utf-8\n\n<html><body>{html}</body></html>\n"
            f"--b{n}--\n"
        )
    if shape < 18:  # HTML only, Latin-1
        html = "".join(f"<p>{p} Grüße</p>" for p in body.split("\n\n"))
        return head + "Content-Type: text/html; charset=iso-8859-1\n\n" + html
    attachment = (
        f'Content-Type: text/calendar; method=REQUEST; name="invite.ics"\n\n{_ICS.format(n=n)}'
        if shape == 18
        else "Content-Type: application/pdf; name=cv.pdf\nContent-Transfer-Encoding: base64\n"
        f'Content-Disposition: attachment; filename="cv.pdf"\n\n{_PDF}'
    )
    return head + (
        f'Content-Type: multipart/mixed; boundary="b{n}"\n\n'
        f"--b{n}\nContent-Type: text/plain; charset=utf-8\n\n{body}\n"
        f"--b{n}\n{attachment}\n--b{n}--\n"
    )


def write_mbox(path: Path, messages: int, seed: int = 11) -> int:
    """Writes the mbox one message at a time; returns how many are replies."""
    rng = random.Random(seed)
    replies = 0
    with path.open("w", encoding="latin-1", errors="strict", newline="\n") as out:
        for n in range(messages):
            reply = n % 100 == 0
            replies += reply
            text = message(n, rng, reply).replace("\nFrom ", "\n>From ")
            out.write(f"From bench@example.org Tue Dec  1 10:15:00 2026\n{text}\n\n")
    return replies


def child(code: str, *argv: str, env: dict[str, str]) -> tuple[dict[str, float], float | None]:
    ran = run([sys.executable, "-c", code, *argv], env=env)
    if ran.code != 0:
        raise SystemExit(f"the scan failed ({ran.code}): {ran.err[-2000:]}")
    return (json.loads(ran.out) if ran.out.strip() else {}), ran.rss_mb


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="fd-bench-") as tmp:
        folder = Path(tmp)
        mbox = folder / "Inbox.mbox"
        t = time.perf_counter()
        replies = write_mbox(mbox, args.messages)
        size_mb = mbox.stat().st_size / 1e6
        print(
            f"generated {args.messages} messages ({replies} replies from a known employer): "
            f"{size_mb:.1f} MB in {time.perf_counter() - t:.1f} s"
        )
        env = app_env(folder / "pycache")
        child(FLOOR, env=env)  # compile the bytecode once, outside the measurements
        _, floor_rss = child(FLOOR, env=env)
        seconds: list[float] = []
        rss: list[float] = []
        for _ in range(args.runs):
            got, peak = child(SCAN, str(mbox), "plain", env=env)
            if got["count"] != args.messages or got["replies"] != replies:
                raise SystemExit(f"read {got['count']} messages, {got['replies']} replies")
            seconds.append(got["seconds"])
            if peak is not None:
                rss.append(peak)
        traced, _ = child(SCAN, str(mbox), "traced", env=env)

    scan = median(seconds)
    print(
        f"scan: {scan:.2f} s median of {args.runs} ({args.messages / scan:,.0f} messages/s), "
        f"{scan / SECONDS_BUDGET:.2f}x the {SECONDS_BUDGET:.0f} s budget"
    )
    if rss:
        peak_rss = max(rss)
        floor = f"{floor_rss:.0f} MB" if floor_rss is not None else "n/a"
        print(
            f"peak RSS: {peak_rss:.0f} MB (floor, the module imported: {floor}), "
            f"{peak_rss / MEMORY_BUDGET_MB:.2f}x the {MEMORY_BUDGET_MB:.0f} MB budget"
        )
    else:
        print("peak RSS: n/a (no GNU time)")
    print(
        f"peak of Python allocations during the scan (tracemalloc): {traced['peak_mb']:.1f} MB "
        f"(that run: {traced['seconds']:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
