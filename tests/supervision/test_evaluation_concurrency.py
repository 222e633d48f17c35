"""Two district reviewers deciding the same evaluation at the same moment: the row lock
lets exactly one decision win; the other is refused, told it was already decided.

Needs PostgreSQL: SQLite has no row locks (it serialises whole writes), so the race the
lock prevents cannot happen there.
"""

import os
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from supervision.models import EvaluationEvent, MonthlyEvaluation
from supervision.services import evaluations as services
from tests.factories import UserFactory
from tests.supervision.factories import EvaluationFactory

DATABASE_URL = os.environ.get("DATABASE_URL", "")


def _race(*decisions):
    """Run each decision in its own thread (its own connection), all released together;
    return what each returned or raised."""
    barrier = threading.Barrier(len(decisions))
    outcomes = [None] * len(decisions)

    def run(i, decide):
        try:
            barrier.wait(timeout=10)
            outcomes[i] = decide()
        except ValidationError as e:
            outcomes[i] = e
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, d)) for i, d in enumerate(decisions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads)
    return outcomes


@pytest.mark.postgres
@pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://")),
    reason="needs DATABASE_URL=postgres://… (row locks; SQLite has none)",
)
@pytest.mark.parametrize("rounds", range(3))
def test_of_two_reviewers_deciding_at_once_exactly_one_wins(transactional_db, rounds):
    evaluation = EvaluationFactory()
    services.evaluation_submit(evaluation=evaluation, actor=None)
    approver = UserFactory(district=True, username="approver")
    returner = UserFactory(district=True, username="returner")

    outcomes = _race(
        lambda: services.evaluation_approve(evaluation=evaluation, actor=approver),
        lambda: services.evaluation_return(evaluation=evaluation, comment="退回", actor=returner),
    )

    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    won = [o for o in outcomes if isinstance(o, MonthlyEvaluation)]
    assert (len(won), len(refused)) == (1, 1), outcomes
    assert refused[0].error_dict["status"][0].code == "already_decided"
    winner = won[0].reviewed_by
    assert winner.username in refused[0].error_dict["status"][0].message
    final = MonthlyEvaluation.objects.get(pk=evaluation.pk)
    assert final.status == won[0].status
    assert final.reviewed_by == winner
    decisions = EvaluationEvent.objects.filter(
        evaluation=evaluation, action__in=["approve", "return"]
    )
    assert list(decisions.values_list("actor__username", flat=True)) == [winner.username]


@pytest.mark.postgres
@pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://")),
    reason="needs DATABASE_URL=postgres://… (row locks; SQLite has none)",
)
def test_two_bulk_approvals_at_once_approve_each_evaluation_once(transactional_db):
    first = EvaluationFactory()
    second = EvaluationFactory(supervisor=first.supervisor, month=first.month.replace(month=2))
    for e in (first, second):
        services.evaluation_submit(evaluation=e, actor=None)
    a = UserFactory(district=True, username="reviewer_a")
    b = UserFactory(district=True, username="reviewer_b")

    outcomes = _race(
        lambda: services.evaluations_approve(evaluations=[first, second], actor=a),
        lambda: services.evaluations_approve(evaluations=[second, first], actor=b),
    )

    assert sum(isinstance(o, list) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 1
    assert EvaluationEvent.objects.filter(action="approve").count() == 2
