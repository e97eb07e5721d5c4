"""The Certificates screen: who qualifies, issued certificates, preview, print, save, revoke."""
