"""HQ's HTTP routes. Handlers stay thin: parse, call one service with a session, answer."""
