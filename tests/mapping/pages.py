"""Reading the mapping's pages in tests."""

from django.urls import reverse

DIRECTORY_URL = reverse("mapping:directory")


def names(response):
    """The organisations' names on a page of the directory, in its order."""
    return [organisation.name for organisation in response.context["page"].object_list]
