"""Operation outcomes: both casings, failures with their resultInfo, the polling schedule."""

from __future__ import annotations

import pytest

from graph_calls import waiting
from graph_calls.errors import OperationFailed
from graph_calls.models import InviteParticipantsOperation, PlayPromptOperation, ResultInfo


@pytest.mark.parametrize("status", ["completed", "Completed", "failed", "Failed"])
def test_both_casings_finish(status: str) -> None:
    assert waiting.is_finished(InviteParticipantsOperation(status=status))


@pytest.mark.parametrize("status", ["running", "Running", "notStarted", "NotStarted", None, "weird"])
def test_other_statuses_do_not_finish(status: str | None) -> None:
    assert not waiting.is_finished(InviteParticipantsOperation(status=status))


def test_failed_operation_raises_with_its_result_info() -> None:
    operation = PlayPromptOperation.from_dict(
        {
            "@odata.type": "#microsoft.graph.playPromptOperation",
            "id": "op1",
            "status": "Failed",
            "resultInfo": {"code": 400, "subcode": 8508, "message": "The operation was cancelled."},
        }
    )
    with pytest.raises(OperationFailed) as caught:
        waiting.outcome(operation)
    assert (caught.value.code, caught.value.subcode) == (400, 8508)
    assert caught.value.result_message == "The operation was cancelled."
    assert caught.value.operation is operation


def test_string_result_codes_are_read_as_numbers() -> None:
    operation = InviteParticipantsOperation(
        status="failed", result_info=ResultInfo(code="500", subcode="7000")
    )  # type: ignore[arg-type]
    assert (waiting.failure(operation).code, waiting.failure(operation).subcode) == (500, 7000)


def test_poll_delays_back_off_and_stop_at_the_deadline() -> None:
    now = [0.0]

    def clock() -> float:
        return now[0]

    delays = []
    for delay in waiting.poll_delays(3.0, clock=clock):
        delays.append(delay)
        now[0] += delay
    assert delays[0] == pytest.approx(0.25)
    assert delays[1] == pytest.approx(0.5)
    assert sum(delays) == pytest.approx(3.0)


def test_poll_delays_refuse_a_non_positive_timeout() -> None:
    with pytest.raises(ValueError, match="timeout"):
        next(waiting.poll_delays(0))
