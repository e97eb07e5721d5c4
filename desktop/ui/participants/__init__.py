"""The participants view: 200,000 rows, filtered and sorted off the UI thread, edited, exported."""
