"""The Daring screen: online attendance from Zoom/Meet reports, and delivery of certificates."""
