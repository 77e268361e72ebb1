"""Placeholder until the steering views land; replaced by the helper that owns them."""

urlpatterns = []
