"""Placeholder until the budget views land; replaced by the helper that owns them."""

urlpatterns = []
