"""The reception desk (counter receipt), the postal agents' pages and deadline alerts."""

urlpatterns: list = []
