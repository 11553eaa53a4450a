"""The models keep their promises, and the admin shows them."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from playground import services
from playground.models import Design, Run, Scenario, ShareLink
from playground.owners import Owner

pytestmark = pytest.mark.django_db


def test_a_design_has_exactly_one_owner(document):
    user = get_user_model().objects.create_user(username="zoe")
    for owner, session in ((None, ""), (user, "abcdefgh12345678")):
        with pytest.raises(IntegrityError), transaction.atomic():
            Design.objects.create(name="x", document=document, owner=owner, owner_session=session)


def test_share_tokens_are_long_and_unique(document):
    design = services.design_create(owner=Owner(session_key="k" * 32), name="x", document=document)
    tokens = {
        services.share_link_create(owner=Owner(session_key="k" * 32), design_id=design.pk).token
        for _ in range(20)
    }
    assert len(tokens) == 20 and all(len(t) >= 32 for t in tokens)


def test_admin_lists_everything(admin_client, document):
    owner = Owner(session_key="s" * 32)
    design = services.design_create(owner=owner, name="admin sees me", document=document)
    services.share_link_create(owner=owner, design_id=design.pk)
    services.run_create(owner=owner, document=document, seed=1, design=design)
    services.scenario_upsert(
        slug="s",
        title="S",
        summary="",
        level="beginner",
        order=1,
        tags=[],
        story="",
        hints=[],
        document=document,
    )
    for model in (Design, ShareLink, Run, Scenario):
        response = admin_client.get(f"/admin/playground/{model._meta.model_name}/")
        assert response.status_code == 200, model
    assert b"admin sees me" in admin_client.get("/admin/playground/design/").content
