"""graph_calls.models re-exports the generated models lazily; import graph_calls stays cheap."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import graph_calls.models
from graph_calls_generated.models.invitation_participant_info import InvitationParticipantInfo


def _modules_after(code: str) -> set[str]:
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


def test_models_are_the_generated_classes() -> None:
    assert graph_calls.models.InvitationParticipantInfo is InvitationParticipantInfo


def test_importing_one_model_imports_only_what_it_needs() -> None:
    """The model and the models it can contain (imported once, at its module's end); nothing else."""
    loaded = _modules_after("from graph_calls.models import InvitationParticipantInfo")
    models = {m.rsplit(".", 1)[1] for m in loaded if m.startswith("graph_calls_generated.models.")}
    assert {
        "invitation_participant_info",
        "identity_set",
        "identity",
        "communications_user_identity",
    } <= models
    assert not {"call", "participant", "teleconference_device_quality", "comms_operation"} & models
    assert len(models) < 30, sorted(models)


def test_import_graph_calls_loads_no_client_library_server_or_model() -> None:
    loaded = _modules_after("import graph_calls")
    heavy = {"httpx", "msal", "requests", "jwt", "cryptography", "starlette", "uvicorn", "attrs", "yaml"}
    assert not {m.split(".")[0] for m in loaded} & heavy
    assert not {m for m in loaded if m.startswith("graph_calls_generated")}


def test_generated_models_package_stays_usable_for_star_style_imports() -> None:
    loaded = _modules_after(
        "import graph_calls.models\nfrom graph_calls_generated.models import Participant\n"
        "assert Participant.__name__ == 'Participant'"
    )
    assert "graph_calls_generated.models.participant" in loaded


def test_unknown_model_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchModel"):
        graph_calls.models.NoSuchModel  # noqa: B018


def test_unset_marks_a_field_never_set_and_is_exported_with_the_models() -> None:
    from graph_calls.models import UNSET, Participant, Unset

    participant = Participant(id="p1")
    assert isinstance(participant.is_muted, Unset)
    assert participant.is_muted is UNSET
    assert "isMuted" not in participant.to_dict()
    assert {"UNSET", "Unset", "Participant"} <= set(dir(graph_calls.models))
