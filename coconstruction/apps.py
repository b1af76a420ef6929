from django.apps import AppConfig


class CoconstructionConfig(AppConfig):
    name = "coconstruction"
    verbose_name = "Co-construction"
