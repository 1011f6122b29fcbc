"""Kind and status names: one vocabulary, named in code by the enums of content/kinds.py and labelled by vi.py."""

from __future__ import annotations

import pytest

from cchcsite import vi
from cchcsite.content.kinds import KINDS, ChannelMode, DocumentStatus, Kind, OnlineLevel, ProcedureStatus
from cchcsite.schema import field_specs


@pytest.mark.parametrize(
    ("names", "labels"),
    [
        (Kind, vi.KIND_LABELS),
        (ProcedureStatus, vi.PROCEDURE_STATUS),
        (OnlineLevel, vi.ONLINE_LEVELS),
        (ChannelMode, vi.CHANNEL_MODES),
        (DocumentStatus, vi.DOCUMENT_STATUS),
    ],
)
def test_every_value_has_its_label_and_every_label_a_value(names, labels):
    """A label without a value would be offered (CMS, docs) and then refused by the check."""
    assert [str(value) for value in names] == list(labels)


def test_the_fields_accept_exactly_the_named_values():
    procedure = field_specs(KINDS[Kind.PROCEDURE].fields)
    assert set(procedure["status"].type.options) == set(ProcedureStatus)
    assert set(procedure["online"].type.options) == set(OnlineLevel)
    assert set(KINDS) == set(Kind)
