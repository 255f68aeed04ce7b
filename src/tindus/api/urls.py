"""Mount every domain's router on the one API instance, at ``/api/v1/``."""

from django.urls import path

from tindus.territories.api import router as territories

from . import me
from .app import api, finish, mount

mount("", me.router)
mount("", territories)
finish()

urlpatterns = [path("", api.urls)]
