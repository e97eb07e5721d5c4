"""Certificates, one room per job; import from the room that owns what you need.

- ``models``: the tables (desk keys, certificates, print log, revocations, overrides, signatories,
  number counters, the e-mail queue)
- ``eligibility``: who qualifies (days at the desk, minutes online, an operator's override)
- ``signatories``: the signature blocks
- ``issuing``: a number and a seal, made once per person and event
- ``printing``: what a certificate prints, and the print log
- ``batch``: issue, render and log a whole batch off the write lock
- ``records``: the certificates this desk issued, listed or found by number
- ``revocation``: withdrawing one, and the revocations HQ publishes
- ``verification``: the offline check of a seal
"""
