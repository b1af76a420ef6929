"""The default RPS grid: 26 questions in 7 families, after the INRS RPS-DU tool (ED 6403), in our own words.

Migration 0003 seeds the same list (a frozen copy, as migrations must be); ``selectors.rps_questions`` restores it
when the shared rows are missing (a database flushed after migrating, as the test suite's module worlds do).
"""

DEFAULT_QUESTIONS = [
    ("intensity", "Les objectifs fixés sont-ils difficiles à atteindre avec les moyens disponibles ?"),
    ("intensity", "Le travail est-il fréquemment interrompu par des tâches imprévues ?"),
    ("intensity", "Les consignes reçues sont-elles contradictoires ou peu claires ?"),
    ("intensity", "Faut-il travailler dans l'urgence ou sous la pression des délais ?"),
    ("intensity", "Faut-il faire attention à beaucoup de choses à la fois ?"),
    ("hours", "Les horaires dépassent-ils régulièrement la durée prévue ?"),
    ("hours", "Les horaires ou les plannings changent-ils au dernier moment ?"),
    ("hours", "Est-il difficile de concilier le travail et la vie personnelle ?"),
    ("emotional", "Les agents sont-ils au contact de personnes en détresse ou en souffrance ?"),
    ("emotional", "Les agents sont-ils exposés à des tensions ou des agressions verbales du public ?"),
    ("emotional", "Faut-il cacher ses émotions ou faire bonne figure en toutes circonstances ?"),
    ("emotional", "Les agents craignent-ils pour leur sécurité au travail ?"),
    ("autonomy", "Les agents peuvent-ils choisir la façon de réaliser leur travail ?"),
    ("autonomy", "Le travail est-il répétitif ou monotone ?"),
    ("autonomy", "Les agents peuvent-ils utiliser et développer leurs compétences ?"),
    ("autonomy", "Les agents sont-ils associés aux décisions qui concernent leur travail ?"),
    ("relations", "L'entraide entre collègues est-elle difficile ?"),
    ("relations", "L'encadrement apporte-t-il peu de soutien en cas de difficulté ?"),
    ("relations", "Le travail accompli est-il peu reconnu ?"),
    ("relations", "Existe-t-il des tensions ou des conflits dans l'équipe ?"),
    ("relations", "Les perspectives d'évolution sont-elles peu claires ?"),
    ("values", "Les agents ont-ils le sentiment de ne pas pouvoir faire un travail de qualité ?"),
    ("values", "Faut-il faire des choses que l'on désapprouve ?"),
    ("values", "Le travail semble-t-il inutile ou peu reconnu par la société ?"),
    ("insecurity", "Les agents craignent-ils pour leur emploi, leur poste ou leur rémunération ?"),
    ("insecurity", "Les changements (organisation, outils, locaux) sont-ils mal préparés ou mal expliqués ?"),
]
