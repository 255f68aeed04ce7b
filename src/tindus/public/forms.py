from __future__ import annotations

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from tindus.core.forms import DATE_INPUT as DATE
from tindus.core.markdown import check_markdown
from tindus.core.uploads import check_image
from tindus.territories.models import Territory

from .models import Article


class ArticleForm(forms.ModelForm):
    image = forms.ImageField(
        label=_("Add an image"), required=False, help_text=_("PNG, JPEG, WebP or GIF, 5 MB at most.")
    )
    image_alt = forms.CharField(label=_("Text alternative of the image"), max_length=300, required=False)

    class Meta:
        model = Article
        fields = ["title", "slug", "summary", "body", "author_name", "published_on"]
        widgets = {"published_on": DATE, "body": forms.Textarea(attrs={"rows": 14})}
        help_texts = {
            "slug": _("Left empty, it is made from the title."),
            "body": _(
                "Markdown: **bold**, *italics*, lists, [links](https://…). Images come from this site: add them "
                "with the field « Add an image »; an image from another site is refused."
            ),
        }

    def __init__(self, *args, territory: Territory, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.territory = territory
        self.fields["slug"].required = False

    def clean_body(self) -> str:
        return check_markdown(self.cleaned_data["body"])

    def clean_summary(self) -> str:
        return check_markdown(self.cleaned_data["summary"])  # the feeds render it as Markdown

    def clean_image(self):
        image = self.cleaned_data.get("image")
        return check_image(image) if image else image

    def clean(self) -> dict:
        data = super().clean()
        slug = slugify(data.get("slug") or data.get("title") or "")[:80]
        if not slug and data.get("title"):
            self.add_error("slug", _("Give an address made of letters and digits."))
        data["slug"] = slug
        clash = Article.objects.filter(territory=self.instance.territory, slug=slug).exclude(pk=self.instance.pk)
        if slug and clash.exists():
            self.add_error("slug", _("Another article of this territory already has this address."))
        if data.get("image") and not (data.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Describe the image for readers who cannot see it."))
        if self.instance.is_published and not data.get("published_on"):
            self.add_error("published_on", _("A published article needs its publication date."))
        self.instance.slug = slug
        return data
