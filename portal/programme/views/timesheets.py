"""Placeholder until the timesheets views land; replaced by the helper that owns them."""

urlpatterns = []
