"""The demo news of Haut-Doubs Horloger: the article of 6 July 2021 launching its strategic study,
as published on its seed page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tindus.territories.models import Territory

from .models import Article

HAUT_DOUBS_NEWS = """L'équipe de l'AUDAB a récemment rencontré les différentes Communautés de Communes qui constituent le \
« Territoire d'Industrie Haut-Doubs Horloger ». L'étude stratégique territoriale est désormais lancée, la première phase \
de ce travail permettra d'identifier les enjeux économiques auxquels les activités industrielles de ces territoires sont \
confrontées. Elle s'appuiera notamment sur une large concertation des chefs d'entreprises et de leurs salariés.

Le territoire d'industrie nommé « Territoire d'Industrie Haut-Doubs Horloger » regroupe 5 Communautés de Communes, \
**Val de Morteau, Plateau du Russey, Pays de Maîche, Portes du Haut-Doubs et Loue-Lison**. Ce territoire, fortement \
industrialisé, fait face à une perte d'emplois industriels et un déficit d'attractivité.

Ainsi, dans le cadre de projet, l'AUDAB a pour mission d'élaborer une stratégie industrielle territoriale en \
partenariat avec ces cinq territoires. À travers cette étude, nous nous intéresserons à des enjeux de transformation \
du modèle économique, de création de nouvelles filières de formation, d'accompagnement de la mutation des métiers \
existants et de soutien aux initiatives privées de transition écologique. Sur cette base, l'objectif est d'identifier \
les synergies existantes, connues ou à découvrir, au sein de ce tissu économique mais aussi de mettre en lumière \
certaines spécificités et complémentarités locales.

L'aboutissement de cette étude « Territoire d'industrie » doit permettre aux différents acteurs mobilisés de créer et \
d'expérimenter de nouvelles manières de travailler ensemble, de faire émerger des formes d'accompagnement innovantes \
et de déterminer des niches de développement de l'activité industrielle. Cela suppose de mener collectivement une \
réflexion prospective et de développer une méthode de mise en réseau des entreprises locales.

Le programme d'action qui s'en suivra devra permettre de répondre aux grands enjeux auxquels fait face la filière \
industrielle du territoire Haut-Doubs Horloger, notamment en matière de **recrutement, d'innovation et \
d'attractivité**."""


def load_haut_doubs_news(territory: Territory, author: Any) -> None:
    """Publish the article (the caller checks that the territory has no news yet)."""
    Article.objects.create(
        territory=territory, title="Lancement de l'étude Territoire d'Industrie", slug="lancement-de-l-etude",
        summary="L'étude stratégique territoriale du Haut-Doubs Horloger est lancée, avec les cinq communautés de "
        "communes ; elle s'appuiera sur une large concertation des chefs d'entreprises et de leurs salariés.",
        body=HAUT_DOUBS_NEWS, state=Article.State.PUBLISHED, published_on=dt.date(2021, 7, 6),
        author=author, author_name="AUDAB",
    )  # fmt: skip
