"""Platform endpoints that belong to no domain (wrapped by the permission layer in ``config/urls.py``)."""

from django.http import HttpRequest, HttpResponse, JsonResponse


def health(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})
