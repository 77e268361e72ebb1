"""Placeholder until the council views land; replaced by the helper that owns them."""

urlpatterns = []
