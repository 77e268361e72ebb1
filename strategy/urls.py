from strategy.views import council, drafting, progress, public, review

app_name = "strategy"

# Each concept's views module keeps its own URL list; all share the app's namespace.
# Staff pages live under /strategy/; the public page of the plan in force under /plan/.
urlpatterns = (
    drafting.urlpatterns
    + review.urlpatterns
    + council.urlpatterns
    + progress.urlpatterns
    + public.urlpatterns
)
