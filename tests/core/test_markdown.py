import pytest

from tindus.core.markdown import active_content, render_markdown


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
