from django.contrib.sitemaps.views import sitemap
from django.urls import path

from tindus.accounts.permissions import public

from . import views
from .feeds import AtomNewsFeed, RssNewsFeed
from .sitemaps import SITEMAPS

app_name = "public"
urlpatterns = [
    path("site/<slug:slug>/", views.site_home, name="home"),
    path("site/<slug:slug>/priorites/", views.priorities, name="priorities"),
    path("site/<slug:slug>/groupes-de-travail/", views.working_groups, name="groups"),
    path("site/<slug:slug>/projets/", views.panorama, name="panorama"),
    path("site/<slug:slug>/projets/<int:pk>/", views.project, name="project"),
    path("site/<slug:slug>/actualites/", views.news, name="news"),
    path("site/<slug:slug>/actualites/flux.atom", public(AtomNewsFeed()), name="atom"),
    path("site/<slug:slug>/actualites/flux.rss", public(RssNewsFeed()), name="rss"),
    path("site/<slug:slug>/actualites/<slug:article>/", views.article, name="article"),
    path("site/<slug:slug>/images/<int:pk>/", views.image, name="image"),
    path("sitemap.xml", public(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
]
