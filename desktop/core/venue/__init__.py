"""The venue hub (issue 17): one desk serves the desks' own protocol to the others of its office at
the venue and relays their records to HQ like any desk. hub.py serves; member.py joins a hub and
exchanges with it during ``sync run``; keys.py names the settings both keep. Qt-free."""
