"""What parsing a participants page into the generated models costs, against ``json.loads`` alone.

Run by hand (not a test): ``.venv/bin/python bench/parse_cost.py [--repeat 7] [--shapes]``.

The page is a realistic 100-participant ``GET /communications/calls/{id}/participants`` body: users,
applications, guests and phone callers, each with audio (and some video) media streams, ``@odata`` extras,
nulls. Timings are the best of ``--repeat`` rounds (timeit), per page. ``--shapes`` also regenerates the
client from the pinned inputs with ``identity`` left out of the polymorphic bases (plain ``Identity``
fields instead of the 8-way union) and times the same page with it, to price the identity unions.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import importlib.util
import json
import sys
import tempfile
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
CALL_ID = "2f1a1100-b174-40a0-aba7-0b405e01ed92"


def identity_set(n: int) -> dict[str, Any]:
    kind = n % 4
    if kind == 0:  # Teams user, as most roster entries
        return {
            "@odata.type": "#microsoft.graph.identitySet",
            "user": {
                "@odata.type": "#microsoft.graph.identity",
                "id": f"550fae72-d251-43ec-868c-{n:012d}",
                "displayName": f"User {n}",
                "tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47",
                "identityProvider": "AAD",
            },
            "application": None,
            "device": None,
        }
    if kind == 1:  # a bot
        return {
            "@odata.type": "#microsoft.graph.identitySet",
            "application": {
                "@odata.type": "#microsoft.graph.identity",
                "id": f"2891555a-92ff-42e6-80fa-{n:012d}",
                "displayName": "Calling Bot",
            },
        }
    if kind == 2:  # an anonymous guest
        return {
            "@odata.type": "#microsoft.graph.communicationsIdentitySet",
            "guest": {
                "@odata.type": "#microsoft.graph.communicationsGuestIdentity",
                "id": f"d1b8f7f3-guest-{n}",
                "displayName": f"Guest {n}",
            },
            "endpointType": "default",
        }
    return {  # a PSTN caller
        "@odata.type": "#microsoft.graph.identitySet",
        "phone": {"@odata.type": "#microsoft.graph.identity", "id": f"+1425555{n:04d}"},
    }


def participant(n: int) -> dict[str, Any]:
    streams = [
        {
            "@odata.type": "#microsoft.graph.mediaStream",
            "mediaType": "audio",
            "label": "main-audio",
            "sourceId": str(2 * n + 1),
            "direction": "sendReceive",
            "serverMuted": False,
        }
    ]
    if n % 3 == 0:
        streams.append(
            {
                "@odata.type": "#microsoft.graph.mediaStream",
                "mediaType": "video",
                "label": "main-video",
                "sourceId": str(2 * n + 2),
                "direction": "receiveOnly",
                "serverMuted": False,
            }
        )
    return {
        "@odata.type": "#microsoft.graph.participant",
        "id": f"0d7664b6-6432-43ed-8d15-{n:012d}",
        "info": {
            "@odata.type": "#microsoft.graph.participantInfo",
            "identity": identity_set(n),
            "endpointType": "default",
            "languageId": "en-US",
            "region": "amer",
        },
        "mediaStreams": streams,
        "isMuted": n % 2 == 0,
        "isInLobby": False,
        "metadata": None,
        "rosterSequenceNumber": 1000 + n,
    }


def page_body(participants: int = 100) -> bytes:
    page = {
        "@odata.context": (
            f"https://graph.microsoft.com/v1.0/$metadata#communications/calls('{CALL_ID}')/participants"
        ),
        "@odata.nextLink": f"https://graph.microsoft.com/v1.0/communications/calls/{CALL_ID}/participants?$skiptoken=2",
        "value": [participant(n) for n in range(participants)],
    }
    return json.dumps(page).encode()


def best_us(contenders: dict[str, Callable[[], Any]], repeat: int) -> dict[str, float]:
    """Best per-call time in µs of each contender; rounds interleaved, so a load spike hits them all alike."""
    timers = {name: timeit.Timer(fn) for name, fn in contenders.items()}
    numbers = {name: timer.autorange()[0] for name, timer in timers.items()}
    best = dict.fromkeys(contenders, float("inf"))
    for _ in range(repeat):
        for name, timer in timers.items():
            best[name] = min(best[name], timer.timeit(numbers[name]) / numbers[name] * 1e6)
    return best


def import_alias(package_dir: Path, alias: str) -> Any:
    spec = importlib.util.spec_from_file_location(
        alias, package_dir / "__init__.py", submodule_search_locations=[str(package_dir)]
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[alias] = module
    spec.loader.exec_module(module)
    return module


def plain_identity_client(workdir: Path) -> Any:
    """The pinned pipeline with `identity` not polymorphic, generated into ``workdir`` (the models module)."""
    sys.path.insert(0, str(REPO_ROOT / "tools"))
    from graph_calls_spec import inputs, pipeline, regen
    from graph_calls_spec.csdl import load as load_csdl
    from graph_calls_spec.rules import load_rules

    lock = inputs.load_lock()
    rules = load_rules()
    rules = dataclasses.replace(
        rules, polymorphic_bases=tuple(b for b in rules.polymorphic_bases if b != "identity")
    )
    result = pipeline.build(
        pipeline.load_module(inputs.resolve(lock.module)), load_csdl(inputs.resolve(lock.metadata)), rules
    )
    spec_path = workdir / "spec.yml"
    spec_path.write_text(pipeline.dump(result.spec), encoding="utf-8")
    regen.run_generator(spec_path, workdir / "graph_calls_generated")
    import_alias(workdir / "graph_calls_generated", "gcg_plain_identity")
    return importlib.import_module("gcg_plain_identity.models")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=7, help="timeit rounds; the best is reported")
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--shapes", action="store_true", help="also time a client without identity unions")
    args = parser.parse_args(argv)

    from graph_calls_generated.models import ParticipantCollectionResponse

    body = page_body(args.participants)
    page = ParticipantCollectionResponse
    parsed = page.from_dict(json.loads(body))
    contenders: dict[str, Callable[[], Any]] = {
        "json.loads": lambda: json.loads(body),
        "json.loads + ParticipantCollectionResponse.from_dict": lambda: page.from_dict(json.loads(body)),
        "to_dict (back to JSON-ready dicts)": parsed.to_dict,
    }
    with tempfile.TemporaryDirectory() as tmp:
        if args.shapes:
            plain = plain_identity_client(Path(tmp)).ParticipantCollectionResponse
            contenders["  same, identity not polymorphic"] = lambda: plain.from_dict(json.loads(body))
        timings = best_us(contenders, args.repeat)
    baseline = timings["json.loads"]
    rows = list(timings.items())

    print(f"{args.participants}-participant page, {len(body):,} bytes; best of {args.repeat} (timeit)")
    width = max(len(name) for name, _ in rows)
    print(f"{'':{width}}  {'µs/page':>10}  {'× json.loads':>12}")
    for name, us in rows:
        print(f"{name:{width}}  {us:10.0f}  {us / baseline:12.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
