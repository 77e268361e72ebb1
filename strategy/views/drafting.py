"""Placeholder until the drafting views land; replaced by the helper that owns them."""

urlpatterns = []
