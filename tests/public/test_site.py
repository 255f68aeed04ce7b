import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests.factories import ArticleFactory, InstanceFactory, InstanceMemberFactory, ProjectFactory
from tindus.public.models import Article, ArticleImage

pytestmark = pytest.mark.django_db


def site(name, territory, **kwargs):
    return reverse(f"public:{name}", kwargs={"slug": territory.slug, **kwargs})


def png(size=(40, 30), padding=0):
    out = io.BytesIO()
    Image.new("RGB", size, (31, 78, 121)).save(out, "PNG")
    return out.getvalue() + b"\0" * padding


def test_the_public_sees_only_public_projects_and_published_news(client, territory):
    shown = ProjectFactory(territory=territory, title="Projet affiché", is_public=True)
    hidden = ProjectFactory(territory=territory, title="Projet interne")
    ArticleFactory(
        territory=territory, title="Publiée", slug="publiee", state="published", published_on=dt.date(2024, 1, 2)
    )
    draft = ArticleFactory(territory=territory, title="Brouillon", slug="brouillon")
    panorama = client.get(site("panorama", territory)).content.decode()
    assert "Projet affiché" in panorama and "Projet interne" not in panorama
    assert client.get(site("project", territory, pk=shown.pk)).status_code == 200
    assert client.get(site("project", territory, pk=hidden.pk)).status_code == 404
    news = client.get(site("news", territory)).content.decode()
    assert "Publiée" in news and "Brouillon" not in news
    assert client.get(site("article", territory, article=draft.slug)).status_code == 404
    for feed in ("atom", "rss"):
        content = client.get(site(feed, territory)).content.decode()
        assert "Publiée" in content and "Brouillon" not in content
    assert "<feed" in client.get(site("atom", territory)).content.decode()
    sitemap = client.get(reverse("public:sitemap")).content.decode()
    assert (
        site("project", territory, pk=shown.pk) in sitemap and site("project", territory, pk=hidden.pk) not in sitemap
    )
    assert "/actualites/publiee/" in sitemap and "/actualites/brouillon/" not in sitemap


def test_working_groups_and_home(client, territory):
    group = InstanceFactory(territory=territory, kind="group", name="Groupe emplois et formations")
    InstanceMemberFactory(instance=group, organisation="Greta 21")
    InstanceFactory(territory=territory, kind="group", name="Groupe interne", is_public=False)
    page = client.get(site("groups", territory)).content.decode()
    assert "Greta 21" in page and "Groupe interne" not in page
    home = client.get(site("home", territory)).content.decode()
    assert "<svg" in home and territory.name in home


def test_team_writes_publishes_and_unpublishes_an_article(client, territory, team):
    client.force_login(team)
    response = client.post(reverse("news:create", kwargs={"slug": territory.slug}), {
        "title": "Lancement de l'étude", "body": "Texte **gras**", "image_alt": "Carte du territoire",
        "image": SimpleUploadedFile("carte.png", png(), "image/png"),
    })  # fmt: skip
    article = Article.objects.get()
    assert response.status_code == 302 and article.slug == "lancement-de-letude" and article.state == "draft"
    image = ArticleImage.objects.get()
    client.logout()
    assert client.get(image.get_absolute_url()).status_code == 404  # not before publication
    client.force_login(team)
    client.post(reverse("news:publish", kwargs={"slug": territory.slug, "pk": article.pk}))
    article.refresh_from_db()
    assert article.state == "published" and article.published_on == dt.date.today()
    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<strong>gras</strong>" in page and image.get_absolute_url() in page
    assert client.get(image.get_absolute_url()).status_code == 200
    client.force_login(team)
    client.post(reverse("news:publish", kwargs={"slug": territory.slug, "pk": article.pk}))
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "A", "body": "Bonjour <script>alert(1)</script>"}, "body"),
        ({"title": "A", "body": "[x](javascript:alert(1))"}, "body"),
        ({"title": "A", "body": "ok", "image": "big"}, "image"),
        ({"title": "A", "body": "ok", "image": "small"}, "image_alt"),
        ({"title": "A", "body": "ok", "image": "text"}, "image"),
    ],
)
def test_bad_articles_are_refused_at_the_field(client, territory, team, data, field):
    client.force_login(team)
    files = {
        "big": SimpleUploadedFile("photo.png", png(padding=20 * 1024 * 1024), "image/png"),
        "small": SimpleUploadedFile("photo.png", png(), "image/png"),
        "text": SimpleUploadedFile("photo.png", b"pas une image", "image/png"),
    }
    if "image" in data:
        data = {**data, "image": files[data["image"]]}
    response = client.post(reverse("news:create", kwargs={"slug": territory.slug}), data)
    assert response.status_code == 400 and field in response.context["form"].errors, response.context["form"].errors
    assert not Article.objects.exists() and not ArticleImage.objects.exists()


def test_partner_cannot_write_news(client, territory):
    from tests.factories import MembershipFactory

    partner = MembershipFactory(territory=territory, role="partner").user
    client.force_login(partner)
    response = client.post(reverse("news:create", kwargs={"slug": territory.slug}), {"title": "X", "body": "Y"})
    assert response.status_code == 403 and not Article.objects.exists()


def test_every_public_page_of_a_territory_with_news_announces_its_feeds(client, territory):
    ArticleFactory(territory=territory, slug="publiee", state="published", published_on=dt.date(2024, 1, 2))
    shown = ProjectFactory(territory=territory, is_public=True)
    pages = [site(name, territory) for name in ("home", "priorities", "groups", "panorama", "news")]
    pages += [site("article", territory, article="publiee"), site("project", territory, pk=shown.pk)]
    for page in pages:
        head = client.get(page).content.decode().split("</head>")[0]
        assert f'type="application/atom+xml" href="{site("atom", territory)}"' in head, page
        assert f'type="application/rss+xml" href="{site("rss", territory)}"' in head, page


def test_a_territory_without_published_news_announces_no_feed(client, territory):
    ArticleFactory(territory=territory, slug="brouillon")
    head = client.get(site("home", territory)).content.decode().split("</head>")[0]
    assert "application/atom+xml" not in head and "application/rss+xml" not in head


def test_sitemap_dates_news_by_their_last_real_change(client, territory):
    seeded = ArticleFactory(territory=territory, slug="lancement", state="published", published_on=dt.date(2021, 7, 6))
    edited = ArticleFactory(territory=territory, slug="corrigee", state="published", published_on=dt.date(2021, 9, 1))
    Article.objects.filter(pk=edited.pk).update(created_at=edited.created_at - dt.timedelta(days=30))
    edited.refresh_from_db()
    edited.title = "Corrigée"
    edited.save()
    sitemap = client.get(reverse("public:sitemap")).content.decode()
    entries = dict(re.findall(r"<loc>[^<]*/actualites/([^/<]+)/</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap))
    # The day of the change where the site is (Europe/Paris): after 23:00 UTC it is already tomorrow there.
    assert entries == {"lancement": "2021-07-06", "corrigee": timezone.localdate(edited.updated_at).isoformat()}
    assert seeded.updated_at.date() != dt.date(2021, 7, 6)
    atom = client.get(site("atom", territory)).content.decode()
    assert "<updated>2021-07-06T" in atom
