from network.views import (
    calendars,
    departments,
    events_public,
    events_staff,
    mailings,
    members,
    participants,
    signups,
)

app_name = "network"

# Each concept's views module keeps its own URL list; all share the app's namespace, under
# /network/.
urlpatterns = (
    events_public.urlpatterns
    + signups.urlpatterns
    + calendars.urlpatterns
    + events_staff.urlpatterns
    + participants.urlpatterns
    + departments.urlpatterns
    + members.urlpatterns
    + mailings.urlpatterns
)
