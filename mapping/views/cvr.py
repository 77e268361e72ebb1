"""Views for the cvr part of the mapping (issue 3): being written."""

urlpatterns = []
