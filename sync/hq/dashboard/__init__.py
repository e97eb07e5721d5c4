"""HQ staff dashboard: server-rendered Jinja2 pages behind a login."""
