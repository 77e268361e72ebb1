from network.views import signups

app_name = "network"

# Each concept's views module keeps its own URL list; all share the app's namespace.
urlpatterns = signups.urlpatterns
