"""Views for the privacy part of the mapping (issue 3): being written."""

urlpatterns = []
