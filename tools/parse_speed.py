"""What parsing a participants list into the generated models costs per participant, against ``json.loads``.

Run by hand (not a test; ``make bench`` measures the whole client path)::

    .venv/bin/python tools/parse_speed.py [--sizes 100 1000 5000] [--rounds 7] [--package DIR] [--no-gc]

Each size is one ``GET .../participants`` body of that many participants, built like the bench server's and
the simulator's rosters on the reference page's entry (``tests/fixtures/graph_reference/
call-list-participants.json``): users, bots and phone callers (some guests in their own identity slot), one
to three media streams, recording info, explicit nulls. Per round, ``json.loads(raw)`` alone and
``ParticipantCollectionResponse.from_dict(json.loads(raw))`` each run for about ``--budget`` seconds of CPU,
interleaved; the table shows the median over rounds of CPU µs per participant. The garbage collector stays
on (as in an application; ``timeit`` would turn it off), and ``gc.collect()`` runs before each timed batch
so one batch does not pay for another's garbage.

``--package DIR`` times the ``graph_calls_generated`` package found in ``DIR`` (e.g. a copy of an older
generation) instead of the installed one; it is imported under another name.
"""

from __future__ import annotations

import argparse
import copy
import functools
import gc
import importlib
import importlib.util
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
REFERENCE = REPO_ROOT / "tests" / "fixtures" / "graph_reference" / "call-list-participants.json"
TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47"
IDENTITY = "#microsoft.graph.identity"


def _media_stream(media_type: str, source_id: int, direction: str) -> dict[str, Any]:
    return {
        "@odata.type": "#microsoft.graph.mediaStream",
        "mediaType": media_type,
        "label": None,
        "sourceId": str(source_id),
        "direction": direction,
        "serverMuted": False,
    }


def _identity_set(n: int) -> dict[str, Any]:
    """One member set, the others null, as Graph lists them; mostly users, then bots, phones, guests."""
    members: dict[str, Any] = {"application": None, "user": None, "device": None, "phone": None}
    kind = n % 10
    if kind < 6:
        members["user"] = {
            "@odata.type": IDENTITY,
            "id": f"278405a3-f568-4b3e-b684-{n:012d}",
            "displayName": f"User {n}",
            "identityProvider": "AAD",
            "tenantId": TENANT_ID,
        }
    elif kind < 8:
        members["application"] = {
            "@odata.type": IDENTITY,
            "id": f"ef43e42b-4c05-4594-9756-{n:012d}",
            "displayName": "Test Participant",
        }
    elif kind == 8:
        members["phone"] = {"@odata.type": IDENTITY, "id": f"+1425555{n:04d}"}
    else:  # an anonymous guest, typed as its subtype in its own slot
        members["guest"] = {
            "@odata.type": "#microsoft.graph.communicationsGuestIdentity",
            "id": f"d1b8f7f3-8f1c-4c52-9c6e-{n:012d}",
            "displayName": f"Guest {n}",
        }
    return {"@odata.type": "#microsoft.graph.identitySet", **members}


def participant(template: dict[str, Any], n: int) -> dict[str, Any]:
    """The reference page's participant, varied like the bench server's and the simulator's rosters."""
    entry = copy.deepcopy(template)
    entry["id"] = f"1e126418-44a0-4a94-a6f8-{n:012d}"
    entry["info"]["identity"] = _identity_set(n)
    entry["info"].update(
        {
            "id": None,
            "endpointType": "default",
            "languageId": "en-US",
            "region": "amer",
            "participantId": None,
        }
    )
    streams = [_media_stream("audio", 3 * n + 1, "sendReceive")]
    if n % 3 == 0:
        streams.append(_media_stream("video", 3 * n + 2, "sendReceive"))
    if n % 10 == 0:
        streams.append(_media_stream("videoBasedScreenSharing", 3 * n + 3, "receiveOnly"))
    entry["mediaStreams"] = streams
    entry["isMuted"] = n % 2 == 0
    entry["rosterSequenceNumber"] = 1000 + n
    entry["recordingInfo"] = {
        "@odata.type": "#microsoft.graph.recordingInfo",
        "initiator": None,
        "recordingStatus": "notRecording",
    }
    return entry


def list_body(size: int) -> bytes:
    """A one-page ``GET /communications/calls/{id}/participants`` answer of ``size`` participants."""
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))["examples"][0]["response"]["body"]
    template = reference["value"][0]
    page = {
        "@odata.context": reference["@odata.context"],
        "value": [participant(template, n) for n in range(size)],
    }
    return json.dumps(page).encode()


def import_package(package_dir: Path, alias: str = "graph_calls_generated_timed") -> Any:
    """The package in ``package_dir`` imported as ``alias`` (its imports are relative)."""
    spec = importlib.util.spec_from_file_location(
        alias, package_dir / "__init__.py", submodule_search_locations=[str(package_dir)]
    )
    if spec is None or spec.loader is None:
        raise ImportError(f"no package in {package_dir}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[alias] = module
    spec.loader.exec_module(module)
    return importlib.import_module(f"{alias}.models")


def cpu_per_call(fn: Callable[[], object], budget_s: float) -> float:
    """CPU seconds per call of ``fn``, over as many calls as fit in ``budget_s`` (at least 3)."""
    gc.collect()
    calls = 0
    start = time.process_time()
    elapsed = 0.0
    while calls < 3 or elapsed < budget_s:
        fn()
        calls += 1
        elapsed = time.process_time() - start
    return elapsed / calls


def _parse(page_model: Any, raw: bytes) -> object:
    return page_model.from_dict(json.loads(raw))


def measure(page_models: dict[str, Any], size: int, rounds: int, budget_s: float) -> dict[str, float]:
    """Median CPU µs per participant of ``json.loads``, and of it + each page model's ``from_dict``.

    The contenders run in turn within each round, so a slower stretch of the machine hits them all alike.
    """
    raw = list_body(size)
    contenders: dict[str, Callable[[], object]] = {"json.loads": lambda: json.loads(raw)}
    for label, page_model in page_models.items():
        assert len(page_model.from_dict(json.loads(raw)).value) == size
        contenders[label] = functools.partial(_parse, page_model, raw)
    samples: dict[str, list[float]] = {label: [] for label in contenders}
    for _ in range(rounds):
        for label, fn in contenders.items():
            samples[label].append(cpu_per_call(fn, budget_s) / size * 1e6)
    return {label: statistics.median(values) for label, values in samples.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--budget", type=float, default=0.3, help="CPU seconds per timed batch")
    parser.add_argument(
        "--package",
        type=Path,
        action="append",
        default=[],
        help="a directory holding a graph_calls_generated to time instead of the installed one (repeatable)",
    )
    parser.add_argument("--no-gc", action="store_true", help="time with the garbage collector off")
    args = parser.parse_args(argv)

    page_models: dict[str, Any] = {}
    for number, directory in enumerate(args.package):
        models = import_package(directory / "graph_calls_generated", f"graph_calls_generated_timed{number}")
        page_models[str(directory)] = models.ParticipantCollectionResponse
    if not args.package:
        page_models["installed"] = importlib.import_module(
            "graph_calls_generated.models"
        ).ParticipantCollectionResponse
    if args.no_gc:
        gc.disable()
    print(f"CPU µs per participant, median of {args.rounds} rounds, gc {'off' if args.no_gc else 'on'}")
    print("(+ X: json.loads + X's ParticipantCollectionResponse.from_dict; × is that ÷ json.loads alone)")
    for size in args.sizes:
        timings = measure(page_models, size, args.rounds, args.budget)
        loads_us = timings.pop("json.loads")
        cells = [f"json.loads {loads_us:6.2f}"]
        cells += [f"+ {label} {us:6.2f} ({us / loads_us:4.2f}×)" for label, us in timings.items()]
        print(f"{size:>6,}: " + "  ".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
