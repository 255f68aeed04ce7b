"""The two ready-made questionnaires, from the themes of the Haut-Doubs study: one for business
leaders, one for employees. They are content (in French, as teams edit them), checked like any other."""

from __future__ import annotations

from .schema import Condition, Question, Questionnaire, Section

DIFFICULTY = ("aucune", "faible", "forte", "très forte")
RESOURCES = ("coproduits ou déchets", "chaleur ou énergie", "eau", "équipements ou machines", "locaux ou terrains",
             "logistique et transport", "compétences ou temps de personnel", "formation", "achats groupés")  # fmt: skip


def leaders() -> Questionnaire:
    return Questionnaire(
        "Consultation des chefs d'entreprise",
        (
            Section("recrutement", "Recrutement", (
                Question("recrute", "single_choice", "Avez-vous des difficultés à recruter ?", required=True,
                         choices=DIFFICULTY),
                Question("metiers", "rome", "Quels métiers peinez-vous à recruter ?",
                         help="Choisissez dans le répertoire des métiers (ROME).",
                         condition=Condition("recrute", "not_equals", "aucune")),
                Question("postes", "number", "Combien de postes à pourvoir dans les 12 mois ?", unit="postes",
                         minimum=0, maximum=10000),
            )),
            Section("competences", "Compétences et formation", (
                Question("formations", "multiple_choice", "Quels besoins de formation ?",
                         choices=("usinage et commande numérique", "maintenance", "qualité", "numérique et données",
                                  "management", "langues", "sécurité")),
                Question("formation_detail", "long_text", "Précisez vos besoins de formation"),
            )),
            Section("projets", "Investissement, innovation, transition", (
                Question("investissement", "single_choice", "Un projet d'investissement dans les 3 ans ?",
                         choices=("oui", "non", "à l'étude")),
                Question("innovation", "long_text",
                         "Vos projets d'innovation ou de transformation du modèle économique",
                         condition=Condition("investissement", "not_equals", "non")),
                Question("transition", "multiple_choice", "Initiatives de transition écologique engagées ou prévues",
                         choices=("efficacité énergétique", "énergies renouvelables", "réduction des déchets",
                                  "écoconception", "mobilité des salariés", "circuits courts")),
                Question("attractivite", "scale", "Attractivité du territoire pour vos recrues", scale_min=1,
                         scale_max=5, scale_labels=("faible", "forte")),
            )),
            Section("partage", "Ce que vous pourriez partager, ce dont vous avez besoin", (
                Question("offre", "multiple_choice", "Ressources que vous pourriez offrir à d'autres entreprises",
                         choices=RESOURCES, tags=("resource",)),
                Question("dechets", "ewc", "Coproduits ou déchets disponibles (code de la liste européenne)",
                         condition=Condition("offre", "includes", "coproduits ou déchets"), tags=("resource",)),
                Question("offre_detail", "long_text", "Précisez (quantités, fréquence, état)", tags=("resource",)),
                Question("besoin", "multiple_choice", "Ce dont vous avez besoin", choices=RESOURCES, tags=("need",)),
                Question("besoin_detail", "long_text", "Précisez vos besoins", tags=("need",)),
                Question("consentement", "single_choice",
                         "Acceptez-vous que ces réponses soient proposées au module synergies, au nom de votre "
                         "entreprise ?",
                         required=True, choices=("oui", "non"), tags=("consent",)),
            )),
        ),
        audience="leaders",
        introduction="Vos réponses aident le territoire à bâtir son plan d'action industriel.",
    )  # fmt: skip


def employees() -> Questionnaire:
    return Questionnaire(
        "Consultation des salariés",
        (
            Section("emploi", "Votre emploi", (
                Question("metier", "rome", "Votre métier", required=True),
                Question("anciennete", "single_choice", "Depuis combien de temps dans l'entreprise ?",
                         choices=("moins d'un an", "1 à 5 ans", "5 à 15 ans", "plus de 15 ans")),
                Question("competences", "long_text", "Les compétences que vous aimeriez développer"),
                Question("formation", "multiple_choice", "Formations souhaitées",
                         choices=("technique", "numérique", "management", "langues", "reconversion")),
            )),
            Section("trajet", "Vos trajets", (
                Question("mode", "single_choice", "Comment venez-vous travailler ?", required=True,
                         choices=("voiture seul", "covoiturage", "transport en commun", "vélo ou à pied")),
                Question("covoiturage", "single_choice", "Seriez-vous prêt à covoiturer ?",
                         choices=("oui", "non", "peut-être"), condition=Condition("mode", "equals", "voiture seul")),
                Question("distance", "number", "Distance domicile-travail", unit="km", minimum=0, maximum=300),
                Question("commune", "commune", "Votre commune de résidence"),
            )),
            Section("territoire", "Le territoire et vos conditions de travail", (
                Question("attractivite", "scale", "Recommanderiez-vous le territoire à un proche ?", scale_min=1,
                         scale_max=5, scale_labels=("non", "oui")),
                Question("conditions", "matrix", "Vos conditions de travail",
                         rows=("charge de travail", "horaires", "sécurité", "ambiance"),
                         choices=("bonnes", "moyennes", "difficiles")),
                Question("idee", "long_text", "Une idée pour l'industrie du territoire ?"),
            )),
        ),
        audience="employees",
        introduction="Ce questionnaire est anonyme : aucune réponse ne peut être reliée à vous.",
    )  # fmt: skip
