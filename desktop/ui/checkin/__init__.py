"""The check-in screen: one search box, a big card, the matches, today's counter."""
