"""Placeholder until the review views land; replaced by the helper that owns them."""

urlpatterns = []
