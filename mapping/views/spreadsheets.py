"""Views for the spreadsheets part of the mapping (issue 3): being written."""

urlpatterns = []
