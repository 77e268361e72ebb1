"""Placeholder until the public views land; replaced by the helper that owns them."""

urlpatterns = []
