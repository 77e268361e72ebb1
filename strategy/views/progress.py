"""Placeholder until the progress views land; replaced by the helper that owns them."""

urlpatterns = []
