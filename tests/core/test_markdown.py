import pytest
from django.core.exceptions import ValidationError

from tindus.core.markdown import active_content, check_markdown, external_images, render_markdown


def test_markdown_is_rendered():
    html = render_markdown("**Gras** et [lien](https://www.anct.gouv.fr)\n\n- un\n- deux")
    assert "<strong>Gras</strong>" in html
    assert '<a href="https://www.anct.gouv.fr" rel="noopener noreferrer nofollow">lien</a>' in html
    assert "<li>un</li>" in html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[clic](javascript:alert(1))",
        "<iframe src='https://exemple.test'></iframe>",
        "<a href='data:text/html;base64,xx'>x</a>",
    ],
)
def test_active_content_is_detected_and_never_rendered(text):
    assert active_content(text)
    html = render_markdown(text)
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html and "<iframe" not in html


def test_images_only_from_this_site():
    assert 'src="/site/x/images/1/"' in render_markdown("![carte](/site/x/images/1/)")
    assert "tracker.example" not in render_markdown("![pixel](https://tracker.example/p.gif)")


def test_plain_text_is_not_flagged():
    assert active_content("Une réunion le 3 mars, ordre du jour : attractivité ; formation.") is None


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("![](https://example.com/x.png)", "https://example.com/x.png"),
        ("Voir ![plan][p]\n\n[p]: http://example.com/plan.png", "http://example.com/plan.png"),
        ('<img src="https://example.com/raw.png">', "https://example.com/raw.png"),
        ("![](//example.com/relative.png)", "//example.com/relative.png"),
        ("![](/\\example.com/backslash.png)", "/\\example.com/backslash.png"),
    ],
)
def test_an_image_from_another_site_is_refused_with_its_address(text, address):
    assert external_images(text) == [address]
    with pytest.raises(ValidationError) as refused:
        check_markdown(text)
    assert refused.value.code == "external_image"
    assert address in refused.value.messages[0]
    assert "<img" not in render_markdown(text)  # what is refused is not drawn empty either


def test_a_local_image_is_accepted_and_rendered():
    text = "Carte : ![carte du territoire](/site/x/images/1/)"
    assert external_images(text) == [] and check_markdown(text) == text
    assert '<img alt="carte du territoire" src="/site/x/images/1/">' in render_markdown(text)


def test_active_content_is_refused_at_the_field():
    with pytest.raises(ValidationError) as refused:
        check_markdown("Bonjour <script>alert(1)</script>")
    assert refused.value.code == "active_content"


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["body", "summary", "minutes"])
def test_every_markdown_field_written_by_users_refuses_images_from_another_site(field):
    from tests.factories import InstanceFactory
    from tindus.governance.forms import MeetingForm
    from tindus.public.forms import ArticleForm

    instance = InstanceFactory()
    if field == "minutes":
        form = MeetingForm({"date": "2024-03-01", field: "![](https://example.com/x.png)"}, instance_obj=instance)
    else:
        data = {"title": "Actualité", "body": "Texte", field: "![](https://example.com/x.png)"}
        form = ArticleForm(data, territory=instance.territory)
    assert not form.is_valid()
    assert "https://example.com/x.png" in " ".join(form.errors[field])
