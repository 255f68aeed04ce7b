from django.conf import settings
from django.http import HttpRequest

import tindus


def platform(request: HttpRequest) -> dict[str, object]:
    return {"tindus_version": tindus.__version__, "demo_enabled": settings.DEMO_ENABLED}
