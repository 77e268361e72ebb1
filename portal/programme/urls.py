from portal.programme.views import budget, decisions, meetings, plan, steering, timesheets

app_name = "programme"

# Everything under /programme/; each concept's views module keeps its own URL list.
urlpatterns = (
    plan.urlpatterns
    + timesheets.urlpatterns
    + budget.urlpatterns
    + steering.urlpatterns
    + meetings.urlpatterns
    + decisions.urlpatterns
)
