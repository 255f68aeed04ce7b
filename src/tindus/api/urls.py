"""Mount every domain's router on the one API instance, at ``/api/v1/``."""

from django.urls import include, path

from tindus.accounts.permissions import public
from tindus.diagnostic.api import router as diagnostic
from tindus.territories.api import router as territories

from . import me
from .app import api, finish, mount

mount("", me.router)
mount("", territories)
mount("", diagnostic)
finish()

patterns, ninja_app, ninja_namespace = api.urls
for pattern in patterns:
    # The description and its documentation page are public; each operation asks the layer itself.
    if not pattern.callback.__module__.startswith("ninja."):
        pattern.callback = public(pattern.callback)

urlpatterns = [path("", include((patterns, ninja_app), namespace=ninja_namespace))]
