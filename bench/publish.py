"""Time to publish a release of a large playbook: 200 sections of 1,500 words each.

Run by bench/run.py against its own fresh database; prints one JSON line.
"""

from __future__ import annotations

import json
import statistics
import time

import django

django.setup()

from ldsp.playbook.models import Playbook  # noqa: E402
from ldsp.playbook.services.imports import playbook_import  # noqa: E402
from ldsp.playbook.services.releases import release_publish  # noqa: E402

SECTIONS = 200
WORDS = 1_500
VOCABULARY = [
    "digital",
    "skills",
    "partners",
    "learners",
    "centres",
    "courses",
    "local",
    "need",
    "supply",
    "plan",
]


def large_outline() -> str:
    lines = []
    for number in range(SECTIONS):
        if number % 10 == 0:
            lines += [f"# Chapter {number // 10 + 1}", ""]
        words = [VOCABULARY[(number * 31 + i * 7) % len(VOCABULARY)] for i in range(WORDS)]
        paragraphs = [" ".join(words[i : i + 100]) for i in range(0, WORDS, 100)]
        lines += [f"## Section {number + 1}", "", "\n\n".join(paragraphs), ""]
    return "\n".join(lines)


def main() -> None:
    playbook = Playbook.objects.create(slug="bench-large", title="Large playbook")
    started = time.perf_counter()
    playbook_import(actor=None, playbook=playbook, text=large_outline())
    import_seconds = time.perf_counter() - started
    timings = []
    for minor in range(3):
        started = time.perf_counter()
        release_publish(actor=None, playbook=playbook, number=f"1.{minor}", label="Bench")
        timings.append(time.perf_counter() - started)
    print(
        json.dumps(
            {
                "sections": SECTIONS,
                "words_per_section": WORDS,
                "import_seconds": round(import_seconds, 3),
                "publish_seconds_median": round(statistics.median(timings), 4),
            }
        )
    )


if __name__ == "__main__":
    main()
