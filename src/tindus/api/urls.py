"""Mount every domain's router on the one API instance, at ``/api/v1/``."""

from django.urls import include, path

from tindus.accounts.permissions import public
from tindus.consultation.api import router as consultation
from tindus.diagnostic.api import router as diagnostic
from tindus.events.api import router as events
from tindus.governance.api import router as governance
from tindus.plan.api import router as plan
from tindus.public.api import router as news
from tindus.synergies.api import router as synergies
from tindus.territories.api import router as territories

from . import me
from .app import api, finish, mount

mount("", me.router)
mount("", territories)
mount("", diagnostic)
mount("", plan)
mount("", governance)
mount("", news)
mount("", consultation)
mount("", synergies)
mount("", events)
finish()

patterns, ninja_app, ninja_namespace = api.urls
for pattern in patterns:
    # The description and its documentation page are public; each operation asks the layer itself.
    if not pattern.callback.__module__.startswith("ninja."):
        pattern.callback = public(pattern.callback)

urlpatterns = [path("", include((patterns, ninja_app), namespace=ninja_namespace))]
