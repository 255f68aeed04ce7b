from django.urls import include, path
from django.views.i18n import set_language

from tindus.accounts.permissions import public
from tindus.core.views import health
from tindus.territories.home import home

urlpatterns = [
    path("", home, name="home"),
    path("sante/", public(health), name="health"),
    path("", include("tindus.diagnostic.urls")),
    path("territoires/", include("tindus.territories.urls")),
    path("territoires/<slug:slug>/plan/", include("tindus.plan.urls")),
    path("territoires/<slug:slug>/gouvernance/", include("tindus.governance.urls")),
    path("territoires/<slug:slug>/actualites/", include("tindus.public.urls_manage")),
    path("", include("tindus.public.urls")),
    path("consultation/", include("tindus.consultation.urls")),
    path("territoires/<slug:slug>/consultation/", include("tindus.consultation.urls_team")),
    path("territoires/<slug:slug>/synergies/", include("tindus.synergies.urls")),
    path("territoires/<slug:slug>/evenements/", include("tindus.events.urls")),
    path("territoires/<slug:slug>/emploi-formation/", include("tindus.employment.urls")),
    path("territoires/<slug:slug>/foncier/", include("tindus.land.urls")),
    path("territoires/<slug:slug>/taches/", include("tindus.jobs.urls")),
    path("telechargements/", include("tindus.jobs.urls_shared")),
    path("territoires/<slug:slug>/donnees-entreprises/", include("tindus.privacy.urls_territory")),
    path("administration/donnees-personnelles/", include("tindus.privacy.urls")),
    path("donnees/", include("tindus.warehouse.urls")),
    path("", include("tindus.api.urls_tokens")),
    path("", include("tindus.accounts.urls")),
    path("api/v1/", include("tindus.api.urls")),
    path("donnees-ouvertes/", include("tindus.opendata.urls")),
    path("programme/", include("tindus.programme.urls")),
    path("territoires/<slug:slug>/programme/", include("tindus.programme.urls_territory")),
    path("i18n/langue/", public(set_language), name="set_language"),
]
