"""The team writes news, the committee reads drafts through the preview: every link shown can be followed,
and an image from another site is refused at the field, naming its address."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.conftest import signed_in
from tests.core.links import open_page
from tests.factories import ArticleFactory
from tindus.public.models import Article, ArticleImage

pytestmark = pytest.mark.django_db


def news(name, territory, **kwargs):
    return reverse(f"news:{name}", kwargs={"slug": territory.slug, **kwargs})


def png():
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (31, 78, 121)).save(out, "PNG")
    return SimpleUploadedFile("carte.png", out.getvalue(), "image/png")


@pytest.mark.parametrize("role", ["team", "committee"])
def test_news_pages_show_only_links_their_reader_may_follow(request, territory, role):
    client = signed_in(request.getfixturevalue(role))
    draft = ArticleFactory(territory=territory, title="Brouillon de l'étude")
    listing = open_page(client, news("list", territory))
    preview = open_page(client, news("preview", territory, pk=draft.pk))
    edit = news("edit", territory, pk=draft.pk)
    if role == "team":
        assert f'href="{edit}"' in listing and f'href="{edit}"' in preview
        assert "Retour à la modification" in preview
        open_page(client, edit)
    else:
        assert f'href="{edit}"' not in listing + preview and news("create", territory) not in listing
        assert "Retour à la modification" not in preview
        assert f'href="{news("list", territory)}"' in preview  # the committee goes back to the news instead


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("body", "Le plan : ![](https://example.com/x.png)"),
        ("body", '<img src="https://example.com/x.png" alt="plan">'),
        ("summary", "![](https://example.com/x.png)"),
    ],
)
def test_an_image_from_another_site_is_refused_at_the_field_with_its_address(team_client, territory, field, text):
    data = {"title": "Lancement", "body": "Texte", field: text}
    response = team_client.post(news("create", territory), data)
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors[field])
    assert "https://example.com/x.png" in errors and "site" in errors
    html = response.content.decode()
    assert "https://example.com/x.png" in html  # what the author wrote is kept in the field
    assert not Article.objects.exists()


def test_an_uploaded_image_written_into_the_text_is_shown(team_client, territory):
    team_client.post(news("create", territory), {"title": "Carte", "body": "Texte", "image": png(),
                                                 "image_alt": "Carte du territoire"})  # fmt: skip
    article, image = Article.objects.get(), ArticleImage.objects.get()
    body = f"Voici la carte : ![Carte du territoire]({image.get_absolute_url()})"
    response = team_client.post(news("edit", territory, pk=article.pk), {"title": "Carte", "body": body})
    assert response.status_code == 302
    preview = team_client.get(news("preview", territory, pk=article.pk)).content.decode()
    assert f'<img alt="Carte du territoire" src="{image.get_absolute_url()}">' in preview
    assert team_client.get(image.get_absolute_url()).status_code == 200
