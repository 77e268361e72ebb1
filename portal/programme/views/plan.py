"""Placeholder until the plan views land; replaced by the helper that owns them."""

urlpatterns = []
